"""coplaw: assess legislation against the standards on online child sexual exploitation."""

__version__ = "0.1.0"
