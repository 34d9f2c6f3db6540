"""Tiny .fodt writer used by the build scripts (paragraphs, auto-numbered lists, tables with merges, footer page numbers)."""
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')

FONT = "Noto Sans CJK SC"


class Doc:
    def __init__(self, footer_pagenum=True, header_text=None, landscape=False, base_size="12pt", font=FONT, autospace=True):
        self.body = []
        self.footer_pagenum = footer_pagenum
        self.header_text = header_text
        self.landscape = landscape
        self.base_size = base_size
        self.list_count = 0
        self.open_list = None
        self.colstyles = []
        self.font = font
        self.autospace = autospace

    # paragraph styles: Title, Sub, H1, H2, Body, Small, Center, Right, Cell, CellB, Italic
    def p(self, text, style="Body"):
        self.body.append('<text:p text:style-name="%s">%s</text:p>' % (style, fmt(text)))

    def li(self, text, list_id="list1", style="Body"):
        """An auto-numbered list item; consecutive calls with the same list_id continue numbering."""
        if not hasattr(self, "_lists"):
            self._lists = set()
        if list_id in self._lists:
            attr = 'text:continue-list="%s"' % list_id
        else:
            attr = 'xml:id="%s"' % list_id
            self._lists.add(list_id)
        self.body.append('<text:list %s text:style-name="LNum"><text:list-item><text:p text:style-name="%s">%s</text:p></text:list-item></text:list>' % (attr, style, fmt(text)))

    def pagebreak(self):
        self.body.append('<text:p text:style-name="PB"/>')

    def table(self, widths_cm, rows, header_rows=1):
        """rows: list of lists; a cell is str, or (str, rowspan), or None for a covered cell."""
        self.list_count += 1
        name = "Tab%d" % self.list_count
        out = ['<table:table table:name="%s" table:style-name="TabS">' % name]
        for i, w in enumerate(widths_cm):
            out.append('<table:table-column table:style-name="%sC%d"/>' % (name, i))
            self.colstyles.append((name + "C%d" % i, w))
        for ri, row in enumerate(rows):
            if ri == 0 and header_rows:
                out.append('<table:table-header-rows>')
            out.append('<table:table-row>')
            for cell in row:
                if cell is None:
                    out.append('<table:covered-table-cell/>')
                    continue
                span = 1
                if isinstance(cell, tuple):
                    cell, span = cell
                attr = ' table:number-rows-spanned="%d"' % span if span > 1 else ''
                st = "CellB" if ri < header_rows else "Cell"
                paras = "".join('<text:p text:style-name="%s">%s</text:p>' % (st, fmt(x)) for x in cell.split("\n"))
                out.append('<table:table-cell table:style-name="CellS" office:value-type="string"%s>%s</table:table-cell>' % (attr, paras))
            out.append('</table:table-row>')
            if ri == header_rows - 1 and header_rows:
                out.append('</table:table-header-rows>')
        out.append('</table:table>')
        self.body.append("".join(out))

    def render(self):
        cols = "".join('<style:style style:name="%s" style:family="table-column"><style:table-column-properties style:column-width="%.2fcm"/></style:style>' % (n, w) for n, w in getattr(self, "colstyles", []))
        tw = sum(w for _, w in getattr(self, "colstyles", [])) or 16
        if self.landscape:
            pw, ph = "29.7cm", "21cm"
        else:
            pw, ph = "21cm", "29.7cm"
        footer = ('<style:footer><text:p text:style-name="Center">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>' if self.footer_pagenum else '')
        header = ('<style:header><text:p text:style-name="Right">%s</text:p></style:header>' % escape(self.header_text) if self.header_text else '')
        return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="{self.font}" svg:font-family="'{self.font}'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:line-height="150%"{"" if self.autospace else ' style:text-autospace="none"'}/><style:text-properties style:font-name="{self.font}" style:font-name-asian="{self.font}" fo:font-size="{self.base_size}" style:font-size-asian="{self.base_size}" fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"/></style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.85cm" fo:margin-bottom="0.1cm" fo:text-align="justify"/></style:style>
<style:style style:name="NoInd" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.1cm"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.3cm" fo:margin-bottom="0.3cm"/><style:text-properties fo:font-size="18pt" style:font-size-asian="18pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Sub" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.2cm"/><style:text-properties fo:language="en" fo:country="US"/></style:style>
<style:style style:name="Red" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/><style:text-properties fo:color="#c00000" fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.25cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
<style:style style:name="H2" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.85cm" fo:margin-top="0.15cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Small" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.85cm" fo:margin-bottom="0.05cm"/><style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt" fo:color="#333333"/></style:style>
<style:style style:name="Italic" style:family="paragraph"><style:paragraph-properties fo:text-indent="0.85cm" fo:margin-bottom="0.1cm" fo:text-align="justify"/><style:text-properties fo:language="en" fo:country="US" fo:font-style="italic" fo:font-size="10.5pt" style:font-size-asian="10.5pt" fo:color="#404040"/></style:style>
<style:style style:name="Center" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/></style:style>
<style:style style:name="Right" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/></style:style>
<style:style style:name="Cell" style:family="paragraph"><style:paragraph-properties fo:line-height="120%"/><style:text-properties fo:font-size="10pt" style:font-size-asian="10pt"/></style:style>
<style:style style:name="CellB" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:line-height="120%"/><style:text-properties fo:font-size="10pt" style:font-size-asian="10pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:style style:name="PB" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/></style:style>
<style:style style:name="TabS" style:family="table"><style:table-properties style:width="{tw:.2f}cm" table:align="center"/></style:style>
<style:style style:name="CellS" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000" style:vertical-align="middle"/></style:style>
{cols}
<text:list-style style:name="LNum"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="space" fo:text-indent="0cm" fo:margin-left="0.85cm"/></style:list-level-properties></text:list-level-style-number></text:list-style>
<style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="{pw}" fo:page-height="{ph}" fo:margin-top="2.2cm" fo:margin-bottom="1.8cm" fo:margin-left="2.5cm" fo:margin-right="2.3cm"/><style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">{header}{footer}</style:master-page></office:master-styles>
<office:body><office:text>
{"".join(self.body)}
</office:text></office:body></office:document>
'''


def fmt(text):
    """escape; **bold** spans become bold text spans."""
    parts = text.split("**")
    out = []
    for i, s in enumerate(parts):
        s = escape(s)
        out.append('<text:span text:style-name="Bold">%s</text:span>' % s if i % 2 else s)
    return "".join(out)
