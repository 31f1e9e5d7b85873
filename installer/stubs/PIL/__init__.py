"""Stand-in for Pillow in the bundle (installer/manifest.py, STUB_PATHS).

ReportLab 5 imports ``from PIL import Image`` when it loads (``reportlab.lib.utils``) but uses
Pillow only to embed bitmap images, which the appeal letter never does. Pillow with its image
libraries is 22 MB; this empty package keeps ReportLab importable in the bundle (without it the
bundled app could not make a PDF at all). Any image call fails with AttributeError, which
ReportLab reads as "no image support" (``haveImages``).
"""
