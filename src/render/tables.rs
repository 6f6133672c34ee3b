//! Tables in article HTML: telling a layout table (whose cells flow as blocks) from a data
//! table, and a data table's rows as one-line cells.

use scraper::{ElementRef, Node};

/// The rows of a table itself (not of tables nested in its cells).
pub(super) fn direct_rows(table: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    table
        .children()
        .filter_map(ElementRef::wrap)
        .flat_map(|child| {
            let rows: Vec<ElementRef<'_>> = match child.value().name() {
                "tr" => vec![child],
                "thead" | "tbody" | "tfoot" => child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr")
                    .collect(),
                _ => Vec::new(),
            };
            rows
        })
}

pub(super) fn cells_of(row: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    row.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "td" | "th"))
}

/// Elements that make a table cell more than a cell of data.
const BLOCK_CONTENT: [&str; 17] = [
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "img",
    "section",
    "article",
];

/// A table used for layout rather than data: one column, or cells holding paragraphs, lists,
/// pictures or tables (older blogs, Chinese ones among them, lay out whole posts this way).
/// Looks only at the table's own rows, and at each cell only up to its first block, so nested
/// layout tables stay linear to read.
pub(super) fn is_layout_table(table: ElementRef<'_>) -> bool {
    let mut widest = 0;
    for row in direct_rows(table) {
        let mut cells = 0;
        for cell in cells_of(row) {
            cells += 1;
            let has_block = cell
                .descendants()
                .skip(1)
                .filter_map(ElementRef::wrap)
                .any(|e| BLOCK_CONTENT.contains(&e.value().name()));
            if has_block {
                return true;
            }
        }
        widest = widest.max(cells);
    }
    widest <= 1
}

pub(super) fn table_rows(table: ElementRef<'_>) -> Vec<Vec<String>> {
    direct_rows(table)
        .map(|row| cells_of(row).map(cell_text).collect::<Vec<String>>())
        .filter(|cells| cells.iter().any(|c| !c.is_empty()))
        .collect()
}

/// A data cell as one line: a line break or block boundary inside it is a space, so words on
/// either side never glue together.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e)
                if matches!(
                    e.name(),
                    "br" | "p" | "div" | "li" | "dt" | "dd" | "tr" | "td" | "th" | "hr"
                ) =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
