"""OneWorkforce: workforce intelligence for the People Function of an NHS Integrated Care System."""

__version__ = "0.1.0"
