"""Deliverables plan templates as data: one file per format (``film.json``, ``series.json``) and the territories
(``territories.json``: languages subtitled, captioned and dubbed, and territory documents). Read by
``setwise.post.plans``."""
