//! A roster file as a clerk saves it, read into a table of text: an `.xlsx` workbook's first
//! sheet, or CSV in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or
//! GB18030/GBK (what Excel and WPS save on a Chinese Windows). Anything else is refused
//! with a sentence saying what to save instead. Bounded before it is read: the body by the
//! route's limit, an `.xlsx`'s unpacked size by [`MAX_UNPACKED`], rows and columns by the
//! roster's own limits.

use app::domain::roster::{Table, MAX_ROSTER_COLUMNS, MAX_ROSTER_ROWS};
use app::domain::Lang;
use std::io::Cursor;

/// The most an `.xlsx` may unpack to: a roster of a few hundred rows is well under 1 MiB.
const MAX_UNPACKED: u64 = 32 * 1024 * 1024;

/// Why a file was not read, in the event's language.
#[derive(Debug, PartialEq)]
pub struct NotReadable(pub String);

fn say(lang: Lang, zh: &str, en: &str) -> NotReadable {
    NotReadable(match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    })
}

/// Reads `bytes` as a roster table.
pub fn read(bytes: &[u8], lang: Lang) -> Result<Table, NotReadable> {
    if bytes.is_empty() {
        return Err(say(lang, "文件是空的。", "The file is empty."));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes, lang);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(say(
            lang,
            "这是旧版 Excel（.xls）文件：请在 Excel 或 WPS 里“另存为” .xlsx 或 CSV 后再导入。",
            "This is an old Excel (.xls) file: save it as .xlsx or CSV in Excel or WPS, then import that.",
        ));
    }
    let text = decode(bytes).ok_or_else(|| {
        say(
            lang,
            "读不出这个文件：请导入 Excel 表格（.xlsx）或 CSV 文件。",
            "This file cannot be read: import an Excel workbook (.xlsx) or a CSV file.",
        )
    })?;
    read_csv(&text, lang)
}

/// The text of a CSV file in the encodings Excel and WPS save; `None` for a file that is not
/// text in any of them.
fn decode(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).ok();
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(bytes);
        return (!bad).then(|| text.into_owned());
    }
    // A control byte other than tab and line ends: a binary file, not text.
    let binary = |text: &str| {
        text.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    };
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (!binary(text)).then(|| text.to_string());
    }
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    (!bad && !binary(&text)).then(|| text.into_owned())
}

fn read_csv(text: &str, lang: Lang) -> Result<Table, NotReadable> {
    // Excel's "Unicode text" is tab-separated; a CSV with semicolons is Excel's in some
    // regions. The first line decides.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first.matches(*d as char).count())
        .filter(|d| first.contains(*d as char))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| {
            say(
                lang,
                "CSV 文件的格式有误（引号没有配对）：请在 Excel 或 WPS 里重新保存。",
                "The CSV file is malformed (unmatched quotes): save it again from Excel or WPS.",
            )
        })?;
        if rows.len() >= MAX_ROSTER_ROWS {
            return Err(too_many_rows(lang));
        }
        rows.push(
            record
                .iter()
                .take(MAX_ROSTER_COLUMNS)
                .map(str::to_string)
                .collect(),
        );
    }
    Ok(Table { rows })
}

fn too_many_rows(lang: Lang) -> NotReadable {
    NotReadable(match lang {
        Lang::Zh => format!("行数太多：名单最多 {MAX_ROSTER_ROWS} 行。"),
        Lang::En => format!("Too many rows: a roster has at most {MAX_ROSTER_ROWS}."),
    })
}

fn read_xlsx(bytes: &[u8], lang: Lang) -> Result<Table, NotReadable> {
    let broken = || {
        say(
            lang,
            "这个 Excel 文件打不开：请在 Excel 或 WPS 里重新保存为 .xlsx 后再导入。",
            "This Excel file cannot be opened: save it again as .xlsx in Excel or WPS, then import it.",
        )
    };
    // The sizes its entries say they unpack to, before anything is unpacked.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken())?;
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).map_err(|_| broken())?.size();
        unpacked = unpacked.checked_add(size).ok_or_else(broken)?;
    }
    if unpacked > MAX_UNPACKED {
        return Err(say(
            lang,
            "这个 Excel 文件太大了：名单只需要一张表。",
            "This Excel file is too large: a roster needs one sheet only.",
        ));
    }
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| broken())?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| {
            say(
                lang,
                "这个 Excel 文件里没有工作表。",
                "This workbook has no sheet.",
            )
        })?
        .map_err(|_| broken())?;
    if range.height() > MAX_ROSTER_ROWS {
        return Err(too_many_rows(lang));
    }
    let rows = range
        .rows()
        .map(|row| {
            row.iter()
                .take(MAX_ROSTER_COLUMNS)
                .map(|cell| match cell {
                    calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    Ok(Table { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_gbk_read_the_same() {
        let text = "类型,姓名,组别\n评委,张三,人大代表\n";
        let plain = read(text.as_bytes(), Lang::Zh).unwrap();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(read(&bom, Lang::Zh).unwrap(), plain);
        assert_eq!(read(&gbk, Lang::Zh).unwrap(), plain);
        assert_eq!(plain.rows[1], vec!["评委", "张三", "人大代表"]);
    }

    #[test]
    fn tab_separated_unicode_text_reads_too() {
        let text = "姓名\t组别\n张三\t人大代表\n";
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let table = read(&utf16, Lang::Zh).unwrap();
        assert_eq!(table.rows[1], vec!["张三", "人大代表"]);
    }

    #[test]
    fn a_picture_an_old_xls_and_a_broken_xlsx_are_refused_in_words() {
        let png = [
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
        ];
        assert!(read(&png, Lang::En).unwrap_err().0.contains(".xlsx"));
        let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        assert!(read(&xls, Lang::Zh).unwrap_err().0.contains("另存为"));
        assert!(read(b"PK\x03\x04broken", Lang::En).is_err());
        assert!(read(b"", Lang::En).is_err());
    }
}
