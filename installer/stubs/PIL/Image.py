"""Empty stand-in for ``PIL.Image`` (see the package docstring): no images in the bundle."""
