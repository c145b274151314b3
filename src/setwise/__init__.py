"""Setwise: film and series production for a studio's Asia-Pacific partner ecosystem."""

__version__ = "0.1.0"
