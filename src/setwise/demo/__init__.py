"""The demo world: a believable Asia-Pacific partner network, a slate of productions and a login per role.

``setwise demo`` builds it (``world.build``); ``bench/web.py`` builds it ten times larger.
"""
