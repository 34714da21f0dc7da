"""Name normalisation: cleaning, transliteration to Latin, titles, legal forms, particles and phonetic keys.

:func:`analyse` turns one written name into the tokens the matcher compares; the modules below each
own one piece of naming knowledge.
"""

from sanctionwatch.names.form import NameForm, NameRole, analyse
from sanctionwatch.names.phonetic import skeleton

__all__ = ["NameForm", "NameRole", "analyse", "skeleton"]
