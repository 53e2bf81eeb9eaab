//! The print-ready copy as one self-contained HTML document: A4 landscape pages, the QR code
//! inline as SVG on every page, the system's Chinese fonts, no script and nothing fetched.

use std::fmt::Write as _;

use super::{CellRole, Page, PageKind, PrintCell, PrintCopy};

/// Chinese fonts as Windows, macOS and Linux name them: a serif face (宋体) for the form, a
/// sans face for headings.
const SERIF: &str = "\"SimSun\", \"宋体\", \"NSimSun\", \"Songti SC\", \"STSong\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Noto Sans CJK SC\", \"WenQuanYi Zen Hei\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", \"微软雅黑\", serif";
const SANS: &str = "\"Microsoft YaHei\", \"微软雅黑\", \"PingFang SC\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"WenQuanYi Zen Hei\", \"SimHei\", \"黑体\", sans-serif";
const MONO: &str =
    "\"Consolas\", \"DejaVu Sans Mono\", \"Noto Sans Mono CJK SC\", \"Menlo\", monospace";

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\n' => o.push_str("<br>"),
            c => o.push(c),
        }
    }
    o
}

/// Hex in groups of four, as the fingerprint is printed, so a person can read it out.
pub(super) fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn style() -> String {
    format!(
        r#"@page {{ size: A4 landscape; margin: 0; }}
* {{ box-sizing: border-box; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: {SERIF}; color: #000; font-size: 9pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
.page {{ width: 297mm; height: 209.5mm; padding: 9mm 10mm 8mm; position: relative; display: flex; flex-direction: column; overflow: hidden; break-after: page; page-break-after: always; background: #fff; }}
.page:last-child {{ break-after: auto; page-break-after: auto; }}
@media screen {{ body {{ background: #d9d9d9; padding: 6mm 0; }} .page {{ margin: 0 auto 6mm; box-shadow: 0 1px 6px rgba(0,0,0,.35); }} }}
.band {{ display: flex; align-items: stretch; gap: 4mm; border-bottom: 0.6pt solid #000; padding-bottom: 1.5mm; height: 24mm; flex: none; }}
.band .id {{ flex: 0 0 92mm; font-family: {SANS}; display: flex; flex-direction: column; justify-content: center; gap: 1mm; min-width: 0; }}
.band .unit {{ font-size: 11pt; font-weight: bold; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.band .sig {{ flex: 1 1 auto; display: flex; flex-direction: column; justify-content: center; gap: 1mm; font-size: 7pt; min-width: 0; }}
.band .sig div {{ white-space: nowrap; }}
.band .sig b {{ font-family: {SANS}; font-weight: normal; display: inline-block; width: 13mm; }}
.mono {{ font-family: {MONO}; letter-spacing: 0.02em; }}
.qr {{ flex: none; width: 23mm; height: 23mm; }}
.qr svg {{ width: 100%; height: 100%; display: block; }}
h1 {{ font-family: {SANS}; font-size: 13pt; text-align: center; margin: 2.5mm 0 0.5mm; }}
h1 .cont {{ font-size: 9pt; font-weight: normal; }}
.intro {{ font-size: 7.5pt; text-align: center; margin-bottom: 1.5mm; color: #222; }}
table.form {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
table.form td, table.form th {{ border: 0.5pt solid #000; padding: 0.6mm 1mm; vertical-align: middle; overflow-wrap: anywhere; line-height: 1.3; }}
table.form th {{ font-family: {SANS}; font-weight: normal; text-align: center; background: #f2f2f2; }}
table.form th.mark {{ background: #fff; font-size: 7.5pt; }}
table.form td.label {{ font-family: {SANS}; }}
table.form td.computed {{ background: #eef3fb; }}
table.form td.num {{ text-align: right; font-variant-numeric: tabular-nums; font-size: 0.94em; padding: 0.6mm 0.5mm; letter-spacing: -0.01em; }}
table.form td.blank {{ border-left-color: transparent; border-right-color: transparent; }}
.foot {{ position: absolute; left: 10mm; right: 10mm; bottom: 4mm; display: flex; justify-content: space-between; font-size: 7pt; color: #333; border-top: 0.4pt solid #999; padding-top: 1mm; }}
.foot .n {{ font-family: {SANS}; font-size: 8pt; color: #000; }}
.cover {{ display: flex; gap: 8mm; flex: 1; margin-top: 3mm; }}
.cover .left {{ flex: 1.25; }}
.cover .right {{ flex: 1; display: flex; flex-direction: column; gap: 3mm; }}
.cover h1 {{ font-size: 18pt; margin: 1mm 0 0; text-align: left; }}
.cover .sub {{ font-family: {SANS}; font-size: 12pt; margin: 1mm 0 3mm; }}
table.idn {{ border-collapse: collapse; width: 100%; font-size: 9pt; }}
table.idn th {{ font-family: {SANS}; font-weight: normal; text-align: left; width: 30mm; padding: 0.8mm 1mm; border-bottom: 0.4pt solid #bbb; vertical-align: top; }}
table.idn td {{ padding: 0.8mm 1mm; border-bottom: 0.4pt solid #bbb; overflow-wrap: anywhere; }}
.toc {{ columns: 2; column-gap: 6mm; font-size: 8pt; margin-top: 3mm; }}
.toc div {{ display: flex; justify-content: space-between; border-bottom: 0.3pt dotted #999; break-inside: avoid; }}
.toc-h {{ font-family: {SANS}; margin-top: 3mm; font-size: 9pt; }}
.bigqr {{ display: flex; gap: 3mm; align-items: center; font-size: 7.5pt; }}
.bigqr .qr {{ width: 30mm; height: 30mm; }}
table.signs {{ border-collapse: collapse; width: 100%; }}
table.signs td {{ border: 0.6pt solid #000; height: 13mm; vertical-align: top; padding: 1mm 1.5mm; font-family: {SANS}; font-size: 8.5pt; }}
table.signs td span {{ display: block; font-family: {SERIF}; color: #444; font-size: 8pt; margin-top: 1mm; }}
.stamp {{ border: 0.6pt solid #000; flex: 1; min-height: 38mm; position: relative; font-family: {SANS}; padding: 1.5mm; }}
.stamp .ring {{ position: absolute; right: 8mm; bottom: 5mm; width: 34mm; height: 34mm; border: 0.6pt dashed #999; border-radius: 50%; display: flex; align-items: center; justify-content: center; color: #999; font-size: 8pt; }}
.pledge {{ font-size: 8pt; line-height: 1.5; }}
"#
    )
}

fn band(c: &PrintCopy, qr: &str) -> String {
    format!(
        r#"<header class="band"><div class="id"><div class="unit">{unit}</div><div>统一社会信用代码　<span class="mono">{uscc}</span></div><div>报告年度　{year}年度　　签名版本　第{rev}版</div></div><div class="sig"><div><b>SM3 摘要</b><span class="mono" data-digest="{digest}">{digest_g}</span></div><div><b>公钥指纹</b><span class="mono">{fp}</span></div><div><b>签名时间</b>{at}</div></div><div class="qr" title="{qr_title}">{qr}</div></header>"#,
        unit = esc(&c.unit),
        uscc = esc(&c.uscc),
        year = c.year,
        rev = c.revision,
        digest = esc(&c.digest),
        digest_g = esc(&grouped(&c.digest)),
        fp = esc(&c.fingerprint),
        at = esc(&signed_at_text(c.signed_at.as_deref())),
        qr_title = esc(&c.qr_text),
    )
}

fn signed_at_text(at: Option<&str>) -> String {
    at.and_then(|a| chrono::DateTime::parse_from_rfc3339(a).ok())
        .map(|t| {
            t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap_or(*t.offset()))
                .format("%Y-%m-%d %H:%M（北京时间）")
                .to_string()
        })
        .unwrap_or_else(|| "—".into())
}

fn foot(c: &PrintCopy, p: &Page) -> String {
    format!(
        r#"<footer class="foot"><span>本打印件由能报从已签名文件生成，须与 SM3 摘要相同的电子文件一并报送；表式：{pack}</span><span class="n">第 {n} 页 / 共 {m} 页</span></footer>"#,
        pack = esc(&c.pack_name),
        n = p.number,
        m = p.total,
    )
}

fn cell(out: &mut String, c: &PrintCell, head: bool) {
    let tag = if head { "th" } else { "td" };
    let mut class = match c.role {
        CellRole::Label => "label",
        CellRole::Heading if head => "",
        CellRole::Heading => "label",
        CellRole::Mark => "mark",
        CellRole::Value => "",
        CellRole::Computed => "computed",
        CellRole::Blank => "blank",
    }
    .to_string();
    if c.numeric {
        class.push_str(" num");
    }
    let _ = write!(out, "<{tag}");
    if !class.trim().is_empty() {
        let _ = write!(out, " class=\"{}\"", class.trim());
    }
    if c.colspan > 1 {
        let _ = write!(out, " colspan=\"{}\"", c.colspan);
    }
    if c.rowspan > 1 {
        let _ = write!(out, " rowspan=\"{}\"", c.rowspan);
    }
    let _ = write!(out, ">{}</{tag}>", esc(&c.text));
}

fn table_page(out: &mut String, c: &PrintCopy, p: &Page, qr: &str) {
    let _ = write!(
        out,
        r#"<section class="page" data-page="{}">{}"#,
        p.number,
        band(c, qr)
    );
    let _ = write!(
        out,
        r#"<h1>{} {}{}</h1>"#,
        esc(&p.table),
        esc(&p.title),
        if p.continued {
            r#" <span class="cont">（续）</span>"#
        } else {
            ""
        }
    );
    if !p.intro.is_empty() {
        let _ = write!(out, r#"<div class="intro">{}</div>"#, esc(&p.intro));
    }
    let total: f64 = p.widths.iter().sum::<f64>().max(1.0);
    // Wide tables print smaller so every column keeps its width in characters.
    let font = (9.0 * (180.0 / total)).clamp(6.0, 9.0);
    let _ = write!(
        out,
        r#"<table class="form" style="font-size:{font:.1}pt"><colgroup>"#
    );
    for w in &p.widths {
        let _ = write!(out, r#"<col style="width:{:.2}%">"#, w / total * 100.0);
    }
    out.push_str("</colgroup>");
    for row in &p.rows {
        let head = row
            .iter()
            .all(|x| matches!(x.role, CellRole::Heading | CellRole::Mark));
        out.push_str("<tr>");
        for x in row {
            cell(out, x, head);
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out.push_str(&foot(c, p));
    out.push_str("</section>");
}

fn cover(out: &mut String, c: &PrintCopy, p: &Page, qr: &str) {
    let _ = write!(
        out,
        r#"<section class="page cover-page" data-page="{}">{}"#,
        p.number,
        band(c, qr)
    );
    out.push_str(r#"<div class="cover"><div class="left">"#);
    let _ = write!(
        out,
        r#"<h1>重点用能单位能源利用状况报告</h1><div class="sub">{}年度 · 盖章用纸质文本</div>"#,
        c.year
    );
    out.push_str(r#"<table class="idn">"#);
    let rows = [
        ("单位详细名称", esc(&c.unit)),
        (
            "统一社会信用代码",
            format!(r#"<span class="mono">{}</span>"#, esc(&c.uscc)),
        ),
        ("报告年度", format!("{}年度", c.year)),
        ("表式", format!("{}（{}）", esc(&c.pack_name), esc(&c.pack))),
        ("签名版本", format!("第{}版", c.revision)),
        ("签名时间", esc(&signed_at_text(c.signed_at.as_deref()))),
        (
            "数据摘要（SM3）",
            format!(
                r#"<span class="mono" id="print-digest">{}</span>"#,
                esc(&c.digest)
            ),
        ),
        (
            "公钥指纹",
            format!(r#"<span class="mono">{}</span>"#, esc(&c.fingerprint)),
        ),
    ];
    for (k, v) in rows {
        let _ = write!(out, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    out.push_str("</table>");
    out.push_str(r#"<div class="toc-h">目录</div><div class="toc">"#);
    let mut i = 0;
    while i < c.pages.len() {
        let page = &c.pages[i];
        if page.kind == PageKind::Table && !page.continued {
            let last = c.pages[i + 1..].iter().take_while(|q| q.continued).count();
            let range = if last == 0 {
                format!("{}", page.number)
            } else {
                format!(
                    "{}–{}",
                    page.number,
                    page.number + u32::try_from(last).unwrap_or(0)
                )
            };
            let _ = write!(
                out,
                "<div><span>{} {}</span><span>{range}</span></div>",
                esc(&page.table),
                esc(&page.title)
            );
        }
        i += 1;
    }
    out.push_str("</div></div>");
    // Right column: the QR code to check the file, the boxes to sign and stamp.
    let _ = write!(
        out,
        r#"<div class="right"><div class="bigqr"><div class="qr">{qr}</div><div>扫描二维码可读出统一社会信用代码、年度、SM3 摘要和公钥指纹；县级用能报“按摘要查找”即可找到对应的电子文件并核对签名。</div></div>"#
    );
    let name = |role: &str| {
        c.signatories
            .iter()
            .find(|(r, _)| r == role)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let _ = write!(
        out,
        r#"<table class="signs"><tr><td>单位负责人（签字）<span>{}</span></td><td>统计负责人（签字）<span>{}</span></td></tr><tr><td>填表人（签字）<span>{}</span></td><td>报出日期<span>{}</span></td></tr></table>"#,
        esc(&name("单位负责人")),
        esc(&name("统计负责人")),
        esc(&name("填表人")),
        esc(&name("报出日期")),
    );
    out.push_str(r#"<div class="stamp">单位盖章<div class="pledge">本单位承诺：本报告内容真实、准确、完整，与上列 SM3 摘要对应的已签名电子文件一致。</div><div class="ring">（单位公章）</div></div>"#);
    out.push_str("</div></div>");
    out.push_str(&foot(c, p));
    out.push_str("</section>");
}

/// The copy as one HTML document.
pub fn html(c: &PrintCopy) -> crate::error::Result<String> {
    let qr = crate::keycard::qr_svg(&c.qr_text, 200)?;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="generator" content="nengbao"><meta name="nengbao-digest" content="{digest}"><title>{unit} {year}年度 能源利用状况报告（打印件）</title><style>{style}</style></head><body>"#,
        digest = esc(&c.digest),
        unit = esc(&c.unit),
        year = c.year,
        style = style()
    );
    for p in &c.pages {
        match p.kind {
            PageKind::Cover => cover(&mut out, c, p, &qr),
            PageKind::Table => table_page(&mut out, c, p, &qr),
        }
    }
    out.push_str("</body></html>\n");
    Ok(out)
}
