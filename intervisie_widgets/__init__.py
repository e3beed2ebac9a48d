"""Intervisiekit: methods, question practice, session runner and evaluations for intervisie.

Importing the package is cheap: heavy libraries (pandas, matplotlib, widgets) load only
when a module that needs them is imported.
"""
__version__ = "0.1.0"
__all__ = ["__version__"]
