#: The version of journeykit.
__version__ = "0.1.0"
