"""PyInstaller hook for PySide6.QtGui: the usual collection without unused Qt files (qt_selection.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qt_selection import collect

hiddenimports, binaries, datas = collect(__file__)
