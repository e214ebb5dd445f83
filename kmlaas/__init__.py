import tomllib
from pathlib import Path


def version():
    """The portal's release, as pyproject.toml names it (the checkout is not
    installed as a package, so importlib.metadata does not know it)."""
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    return tomllib.loads(pyproject.read_text())["project"]["version"]
