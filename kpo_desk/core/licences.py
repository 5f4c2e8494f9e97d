"""What the About dialog owes its users: the version, and the licences of what we ship.

The packaged app bundles fonts (resources/fonts/) and third-party libraries, and their licences
require that we say so. Nothing here is typed in by hand that a file already states: font family
names come from each font's own name table, font licences from the Debian copyright file beside
them (``LICENSE-<Name>.txt``, DEP-5 format), and library versions and licences from the installed
package metadata (which the PyInstaller spec copies into the bundle). No Qt: the GUI shows it,
and ``kpo-desk about`` prints it.
"""

from __future__ import annotations

import re
import struct
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from kpo_desk import __version__
from kpo_desk.core.resources import resource

#: KPO Desk's own licence (the LICENSE file at the top of the source tree). extract-msg, which
#: the app bundles, is GPL-3.0, so the whole is GPL-3.0-or-later.
APP_LICENCE = "GPL-3.0-or-later"

#: Every third-party distribution the packaged app bundles (what PyInstaller collects from
#: ``kpo_desk``'s imports), with what it is for. The spec copies each one's metadata and licence
#: file into the bundle; keep this list in step when a dependency is added.
LIBRARIES: tuple[tuple[str, str], ...] = (
    ("PySide6_Essentials", "Qt for Python: the window, report preview and printing"),
    ("pypdfium2", "PDF pages on screen and on paper (PDFium)"),
    ("shiboken6", "Qt for Python bindings runtime"),
    ("SQLAlchemy", "database toolkit"),
    ("sqlmodel", "data models"),
    ("pydantic", "data validation, under SQLModel"),
    ("pydantic_core", "data validation, under SQLModel"),
    ("annotated-types", "data validation, under SQLModel"),
    ("typing-inspection", "data validation, under SQLModel"),
    ("typing_extensions", "typing support"),
    ("alembic", "store schema migrations"),
    ("Mako", "templates, under Alembic"),
    ("MarkupSafe", "templates, under Alembic"),
    ("reportlab", "PDF reports"),
    ("rl_accel", "reportlab speed-ups"),
    ("pillow", "images in reports (the firm's logo)"),
    ("platformdirs", "the per-user data folder"),
    ("filelock", "one writer per store"),
    ("psutil", "whether a store's lock holder still runs"),
    ("tzdata", "time-zone database"),
    ("icalendar", "calendar export"),
    ("python-dateutil", "dates, under icalendar"),
    ("tzlocal", "the local time zone, under icalendar"),
    ("extract-msg", "Outlook .msg import"),
    ("olefile", ".msg container format, under extract-msg"),
    ("oletools", ".msg container format, under extract-msg"),
    ("RTFDE", "RTF mail bodies, under extract-msg"),
    ("compressed-rtf", "RTF mail bodies, under extract-msg"),
    ("lark", "RTF parsing, under extract-msg"),
    ("Pygments", "under oletools"),
    ("beautifulsoup4", "HTML mail bodies, under extract-msg"),
    ("soupsieve", "HTML mail bodies, under extract-msg"),
    ("ebcdic", "legacy code pages, under extract-msg"),
    ("red-black-tree-mod", "under extract-msg"),
    ("charset-normalizer", "mail character sets"),
)

#: Human names for the DEP-5 licence keywords used in resources/fonts/LICENSE-*.txt.
FONT_LICENCE_NAMES = {
    "bitstream-vera": "Bitstream Vera Fonts licence (DejaVu changes in the public domain)",
    "apache-2": "Apache License 2.0",
    "apache-2.0": "Apache License 2.0",
    "ofl-1.1": "SIL Open Font License 1.1",
}


@dataclass(frozen=True, slots=True)
class FontLicence:
    family: str               # "DejaVu Sans", from the font's name table
    files: tuple[str, ...]    # the .ttf files of that family under resources/fonts/
    licence: str              # "Apache License 2.0"
    copyright: str            # the first Copyright line of the licence file
    licence_file: Path        # resources/fonts/LICENSE-<Name>.txt (full text to show or open)


@dataclass(frozen=True, slots=True)
class LibraryLicence:
    name: str                 # distribution name, as on PyPI
    version: str              # "" when the package is not installed or bundled
    licence: str              # SPDX expression where the package gives one, else its own words
    purpose: str
    #: The licence texts: the package's own files, else (for a package that ships none, such as
    #: the Qt for Python wheels) the standard texts kept in resources/licences.
    licence_files: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class AboutInfo:
    version: str
    python: str
    fonts: tuple[FontLicence, ...]
    libraries: tuple[LibraryLicence, ...]


def about_info() -> AboutInfo:
    """Everything the About dialog shows; reads files and metadata, so call it when the dialog
    opens, not at start-up."""
    return AboutInfo(version=__version__, python=sys.version.split()[0],
                     fonts=tuple(bundled_fonts()), libraries=tuple(library_licences()))


def bundled_fonts(folder: Path | None = None) -> list[FontLicence]:
    """One entry per ``LICENSE-<Name>.txt`` in the fonts folder, covering the ``<Name>*.ttf``
    files beside it."""
    folder = folder or resource("fonts")
    found = []
    for licence_file in sorted(folder.glob("LICENSE-*.txt")):
        stem = licence_file.stem.removeprefix("LICENSE-")
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf")
                       and p.name.startswith(stem))
        if not files:
            continue
        keyword, holder = _dep5_main_stanza(licence_file.read_text(encoding="utf-8", errors="replace"))
        family = font_family(files[0]) or stem
        found.append(FontLicence(family=family, files=tuple(p.name for p in files),
                                 licence=FONT_LICENCE_NAMES.get(keyword.lower(), keyword or "see the licence file"),
                                 copyright=holder, licence_file=licence_file))
    return found


def library_licences() -> list[LibraryLicence]:
    return [library_licence(name, purpose) for name, purpose in LIBRARIES]


def library_licence(name: str, purpose: str = "") -> LibraryLicence:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return LibraryLicence(name=name, version="", licence="not bundled", purpose=purpose)
    licence = licence_of(dist)
    return LibraryLicence(name=dist.metadata["Name"] or name, version=dist.version, licence=licence,
                          purpose=purpose, licence_files=own_licence_files(dist) or standard_texts(licence))


_LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)


def own_licence_files(dist: metadata.Distribution) -> tuple[Path, ...]:
    """The licence files in the package's metadata folder (not, say, a sample font's licence
    elsewhere in the package)."""
    found = []
    for entry in dist.files or ():
        if _LICENCE_FILE.match(entry.name) and any(part.endswith(".dist-info") for part in entry.parts):
            path = Path(str(dist.locate_file(entry)))
            if path.is_file():
                found.append(path)
    return tuple(found)


def standard_texts(expression: str, folder: Path | None = None) -> tuple[Path, ...]:
    """The bundled standard texts for the licences an SPDX expression names (an LGPL also needs
    the GPL it builds on): ``LGPL-3.0-only OR GPL-2.0-only`` gives LGPL-3.0, GPL-3.0, GPL-2.0."""
    folder = folder or resource("licences")
    wanted: list[str] = []
    for token in re.findall(r"[A-Za-z0-9.+-]+", expression):
        spdx = re.sub(r"(-only|-or-later|\+)$", "", token)
        wanted += [spdx] + ([f"GPL-{spdx[5:]}"] if spdx.startswith("LGPL-") else [])
    return tuple(path for spdx in dict.fromkeys(wanted) if (path := folder / f"{spdx}.txt").is_file())


def licence_of(dist: metadata.Distribution) -> str:
    """The licence a package declares: its SPDX ``License-Expression``, else a short ``License``
    field, else its trove classifier. A bare "GPL"/"LGPL" is made precise from the licence file's
    version line, since the difference between versions matters to a distributor."""
    meta = dist.metadata
    text = (meta.get("License-Expression") or "").strip()
    if not text:
        field = (meta.get("License") or "").strip().splitlines()[0:1]
        short = field[0].split(" (")[0].rstrip(",. ") if field else ""
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                       if c.startswith("License :: ")]
        text = short if short and len(short) <= 60 else (classifiers[0] if classifiers else short[:60])
    if text.upper() in ("GPL", "LGPL"):
        version = _gpl_version(dist)
        if version:
            text = f"{text.upper()}-{version}.0"
    return text or "unknown"


def about_text(info: AboutInfo | None = None) -> str:
    """The About content as plain text (``kpo-desk about`` prints it; the GUI may use it too)."""
    info = info or about_info()
    lines = [f"KPO Desk {info.version}: {APP_LICENCE}", f"Python {info.python}: PSF-2.0", "", "Fonts bundled for the reports:"]
    for font in info.fonts:
        lines.append(f"  {font.family}: {font.licence}. {font.copyright}".rstrip())
        lines.append(f"    files: {', '.join(font.files)}; licence text: {font.licence_file}")
    lines += ["", "Libraries:"]
    for lib in info.libraries:
        version = lib.version or "-"
        lines.append(f"  {lib.name} {version}: {lib.licence}" + (f" ({lib.purpose})" if lib.purpose else ""))
        if lib.licence_files:
            lines.append(f"    licence text: {', '.join(str(p) for p in lib.licence_files)}")
    return "\n".join(lines)


# -- reading the files -----------------------------------------------------------------------------
def _dep5_main_stanza(text: str) -> tuple[str, str]:
    """(License keyword, first Copyright line) of the ``Files: *`` stanza of a DEP-5 file."""
    for stanza in re.split(r"\n\s*\n", text):
        if re.search(r"^Files:\s*\*\s*$", stanza, re.MULTILINE):
            licence = re.search(r"^License:\s*(\S+)", stanza, re.MULTILINE)
            holder = re.search(r"^Copyright:\s*(.+)$", stanza, re.MULTILINE)
            return (licence.group(1) if licence else "", holder.group(1).strip() if holder else "")
    return "", ""


def font_family(path: Path) -> str:
    """The typographic family name (name ID 16, else 1) from a TrueType/OpenType name table;
    "" when the file cannot be read."""
    try:
        with path.open("rb") as f:
            header = f.read(12)
            if len(header) < 12:
                return ""
            count = struct.unpack(">H", header[4:6])[0]
            directory = f.read(16 * count)
            for i in range(count):
                tag, _checksum, offset, length = struct.unpack(">4sLLL", directory[16 * i:16 * i + 16])
                if tag == b"name":
                    f.seek(offset)
                    return _family_from_name_table(f.read(length))
    except (OSError, struct.error):
        return ""
    return ""


def _family_from_name_table(table: bytes) -> str:
    _format, count, strings = struct.unpack(">HHH", table[:6])
    names: dict[int, str] = {}
    for i in range(count):
        platform, encoding, _lang, name_id, length, offset = struct.unpack(">6H", table[6 + 12 * i:18 + 12 * i])
        if name_id not in (1, 16) or name_id in names:
            continue
        raw = table[strings + offset:strings + offset + length]
        if platform == 3 or (platform == 0 and encoding in (3, 4)):
            names[name_id] = raw.decode("utf-16-be", errors="replace")
        elif platform == 1:
            names[name_id] = raw.decode("mac_roman", errors="replace")
    return names.get(16) or names.get(1, "")


def _gpl_version(dist: metadata.Distribution) -> str:
    for entry in dist.files or ():
        if "licen" in entry.name.lower() or "copying" in entry.name.lower():
            try:
                text = entry.read_text(encoding="utf-8")
            except (OSError, ValueError):  # missing from the bundle, or not UTF-8
                continue
            match = re.search(r"GENERAL PUBLIC LICENSE\s+Version (\d)", text, re.IGNORECASE)
            if match:
                return match.group(1)
    return ""
