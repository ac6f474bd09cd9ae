"""Extraction of sourced indicator facts from Chinese plan reports.

Pipeline per document: decode (UTF-8 / GB18030) -> hygiene (repeated content, boilerplate,
corruption, truncation; logged) -> context (region, report year, sections) -> prose facts and
table facts -> catalog matching -> de-duplication.
"""
