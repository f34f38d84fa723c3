"""setu: the registry and Article 6.2 reporting system for the India-Japan Joint Crediting Mechanism."""

__version__ = "0.1.0"
