"""The list formats sanctionwatch reads, and the parser module of each.

Each parser module exposes ``parse(fileset: FileSet) -> ParsedList``. Modules are imported only
when their format is used, so a process that reads one list does not pay for all of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sanctionwatch.errors import UnsupportedFormatError
from sanctionwatch.sources.base import FileSet, ParsedList

Parser = Callable[[FileSet], ParsedList]


@dataclass(slots=True, frozen=True)
class Format:
    key: str
    module: str
    description: str


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("ofac_xml", "sanctionwatch.sources.ofac_xml", "OFAC sdn.xml / consolidated.xml (sdnList)"),
        Format("ofac_csv", "sanctionwatch.sources.ofac_csv", "OFAC legacy CSV set (sdn/add/alt/comments)"),
        Format("un_xml", "sanctionwatch.sources.un_xml", "UN Security Council consolidated list XML"),
        Format("uk_conlist", "sanctionwatch.sources.uk_conlist", "UK OFSI Consolidated List (CSV or XLSX)"),
        Format("uk_fcdo_xml", "sanctionwatch.sources.uk_fcdo_xml", "UK FCDO UK Sanctions List XML"),
        Format("eu_fsf_xml", "sanctionwatch.sources.eu_fsf_xml", "EU Financial Sanctions File XML (v1.1)"),
        Format("ftm_json", "sanctionwatch.sources.ftm_json", "FollowTheMoney entities.ftm.json (JSON lines)"),
        Format("os_targets_csv", "sanctionwatch.sources.os_targets_csv", "OpenSanctions targets.simple.csv"),
        Format("us_csl", "sanctionwatch.sources.us_csl", "US trade.gov Consolidated Screening List CSV"),
        Format("eu_journal_csv", "sanctionwatch.sources.eu_journal_csv", "OpenSanctions EU Journal CSVs"),
    )
}


def parser_for(format_key: str) -> Parser:
    fmt = FORMATS.get(format_key)
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise UnsupportedFormatError(f"unknown list format {format_key!r} (known: {known})")
    module = importlib.import_module(fmt.module)
    parse: Parser = module.parse
    return parse


def parse_fileset(fileset: FileSet) -> ParsedList:
    return parser_for(fileset.format)(fileset)
