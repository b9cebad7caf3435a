"""Generators, one module per family; importing this package imports every
module in it, and each module registers its derivations and seed claims."""
import importlib
import pkgutil

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")
