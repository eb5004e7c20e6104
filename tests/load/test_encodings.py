"""Decoding article files: every encoding users send, and the files that must be refused with a reason."""
import codecs

import pytest

from events.ingest.encodings import DecodeError, decode

ARTICLE = (
    "احتضنت مدينة أكادير يوم السبت الدورة السابعة للمعرض الوطني للاقتصاد الاجتماعي والتضامني، "
    "بمشاركة أزيد من 600 تعاونية من مختلف جهات المملكة.\n"
    "وأكدت كاتبة الدولة المكلفة بالصناعة التقليدية والاقتصاد الاجتماعي أهمية هذا الموعد السنوي."
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), "utf-8"),
        (ARTICLE.encode("utf-16"), "utf-16-le"),  # Python writes a BOM, little-endian here
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (ARTICLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by the NUL / 0x06 byte pattern
        (ARTICLE.encode("utf-16-be"), "utf-16-be"),
        (ARTICLE.encode("cp1256"), "windows-1256"),
        (("المنتدى الوطني\r\n" * 3).encode("cp1256"), "windows-1256"),
    ],
)
def test_decodes_every_supported_encoding(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert text.replace("\r\n", "\n").strip().startswith(("احتضنت", "المنتدى"))
    assert "\ufeff" not in text


def test_utf16_without_bom_of_latin_text():
    text, found = decode("Forum national de l'économie sociale et solidaire à Agadir".encode("utf-16-le"))
    assert (found, text[:5]) == ("utf-16-le", "Forum")


def test_french_windows_1252_falls_back_to_detection():
    text, _ = decode(("Le forum de l'économie sociale et solidaire s'est tenu à Agadir. " * 5).encode("cp1252"))
    assert "économie" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\r\n\t ", "empty file"),
        (codecs.BOM_UTF8 + b"\n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n\x00\x01\x02\x03\xff\xfe\x80 stream", "binary"),
        (bytes(range(0x80, 0x100)) * 8, "undecodable"),
    ],
)
def test_refuses_with_a_reason(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)
