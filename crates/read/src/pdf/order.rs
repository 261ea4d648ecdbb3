//! Whether `pdftotext -layout` printed each line's text in its order on the page.
//!
//! The layout text is built from the page's text lines (poppler's `TextLine`s:
//! a run of words in one font, such as `１６２７` or `一、本年新收政府信息公开申请数量`),
//! here called *pieces*. Pieces whose baselines agree are printed on one output
//! line, in the order of a column poppler estimates for each. Where the estimate
//! disagrees with the positions (it happens with full-width digits next to
//! half-width ones), a table row comes out as `１６２７   0` while the page shows
//! `0` left of `１６２７`, or with a value pushed onto a line of its own. Read as
//! printed, two values trade columns: a wrong number.
//!
//! So the reader also lists every piece with its box (`pdftotext -tsv -layout`),
//! matches each output line to the pieces it prints (their characters,
//! whitespace aside, in order), and marks the output line *out of order* when
//!
//! * its pieces are not printed left to right, or
//! * two of its pieces apart on the page are printed with no space between
//!   them (`0` and `0` a column apart printed `00`: two values run into one), or
//! * a piece on the same top and of the same height as one of its own (another
//!   cell of its table row) is printed on another output line, or
//! * it cannot be matched at all (its characters are not the page's pieces').
//!
//! Nothing is reordered: the extractor reads no number from a marked line and
//! says so (rule `text-order`).
//!
//! Left and right are the page's own: a page turned by `/Rotate` lists its
//! boxes unturned, its text running down or up. Each page is checked in the
//! frame of the way its words follow each other within pieces and its lines
//! within blocks (or, when neither tells, the axis its pieces' shapes give and
//! the way the rest of the document runs); a page whose way nothing tells is
//! not checked.

use crate::layout::OutOfOrder;
use std::collections::HashMap;

/// How far (in points) a piece may start left of the one printed before it on
/// an output line: rounding, and glyph boxes that overlap a little.
const LEFT_SLACK: f64 = 0.5;

/// The gap (as a share of the taller piece's height) above which two pieces
/// printed with no space between them are two cells run together: a space is
/// about half a character wide, and pieces of one cell touch.
const RUN_TOGETHER_GAP: f64 = 0.5;

/// Most matching steps for one output line; past them, the line is unmatched.
const MAX_STEPS: usize = 4096;

/// Candidates tried at each step of a match, of each kind.
const MAX_CANDIDATES: usize = 16;

/// Most pieces looked at to find a step's candidates.
const MAX_LOOKED_AT: usize = 256;

/// Pieces looked at per page, at most: this many plus [`LOOKS_PER_PIECE`] for
/// each piece. Past it, the page's remaining lines are unmatched. Real pages
/// use a small fraction; a page built to make matching slow cannot.
const LOOKS_PER_PAGE: usize = 1 << 16;

/// See [`LOOKS_PER_PAGE`].
const LOOKS_PER_PIECE: usize = 256;

/// Positions in hundredths of a point: the listing prints six decimals for
/// text lines, and equal tops must compare equal.
fn hundredths(points: f64) -> i64 {
    (points * 100.0).round() as i64
}

/// One text line of a page: what the layout prints as one piece.
#[derive(Debug)]
struct Piece {
    /// Its characters without whitespace.
    text: String,
    /// Its box as listed, in points from the page's top left: left, top,
    /// width, height.
    listed: [f64; 4],
    /// Its block (paragraph and block numbers), whose lines follow each other.
    block: Option<(u32, u32)>,
    /// Where its last word starts (left, top), for telling which way the
    /// page's text runs.
    last_word: Option<(f64, f64)>,
    /// Its box in the frame where the page's text runs left to right and its
    /// lines top to bottom (see [`Direction::frame`]): left and right in points,
    left: f64,
    right: f64,
    /// top and height in hundredths of a point: pieces with both equal are on
    /// one baseline in one size (the cells of a table row).
    top: i64,
    height: i64,
    /// The output line it is matched to (1-based line number of the text).
    line: Option<u32>,
}

/// Which way the text of a page runs, as its words follow each other: across
/// (left to right), down (a page turned by `/Rotate 90`), back (upside down)
/// or up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Across,
    Down,
    Back,
    Up,
}

impl Direction {
    const ALL: [Direction; 4] = [
        Direction::Across,
        Direction::Down,
        Direction::Back,
        Direction::Up,
    ];

    /// The way text runs when a block's next line has the box `to` (left, top,
    /// width, height) after one with the box `from`: lines follow across the
    /// way text runs (down the page for text running across). `None` unless
    /// both boxes are clearly longer one way than the other (a one-character
    /// line says nothing), or when the next line does not move that way.
    fn of_lines(from: [f64; 4], to: [f64; 4]) -> Option<Direction> {
        let long = |[_, _, w, h]: [f64; 4]| (w >= 1.5 * h, h >= 1.5 * w);
        let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
        match (long(from), long(to)) {
            ((true, _), (true, _)) if dy > 0.0 => Some(Direction::Across),
            ((true, _), (true, _)) if dy < 0.0 => Some(Direction::Back),
            ((_, true), (_, true)) if dx < 0.0 => Some(Direction::Down),
            ((_, true), (_, true)) if dx > 0.0 => Some(Direction::Up),
            _ => None,
        }
    }

    /// The way from a word starting at `from` to the next starting at `to`.
    fn between(from: (f64, f64), to: (f64, f64)) -> Direction {
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        match (dx.abs() >= dy.abs(), dx >= 0.0, dy >= 0.0) {
            (true, true, _) => Direction::Across,
            (true, false, _) => Direction::Back,
            (false, _, true) => Direction::Down,
            (false, _, false) => Direction::Up,
        }
    }

    /// A listed box `[left, top, width, height]` in the frame where text
    /// running this way runs left to right and its lines follow top to bottom
    /// (lines of text running down follow right to left): `[left, right, top,
    /// height]`.
    fn frame(self, [x, y, w, h]: [f64; 4]) -> [f64; 4] {
        match self {
            Direction::Across => [x, x + w, y, h],
            Direction::Down => [y, y + h, -(x + w), w],
            Direction::Back => [-(x + w), -x, -(y + h), h],
            Direction::Up => [-(y + h), -y, x, w],
        }
    }
}

/// The pieces of one page, and how often its words ran each way.
#[derive(Debug, Default)]
struct Page {
    pieces: Vec<Piece>,
    /// Steps from word to word within pieces, per [`Direction::ALL`]; the
    /// steps from line to line within blocks are added once the page is
    /// listed ([`Page::count_lines`]).
    votes: [usize; 4],
}

impl Page {
    /// The way the page's text runs: the way most of its words and lines
    /// run; when none tells, the axis its pieces' shapes give (wider than
    /// tall: across or back) and the way the document's text runs most along
    /// it. `None` when neither tells (text running down or up in a document
    /// without a word or line to say which).
    fn direction(&self, document: &[usize; 4]) -> Option<Direction> {
        if let Some(way) = majority(&self.votes, &Direction::ALL) {
            return Some(way);
        }
        if runs_down(&self.pieces) {
            majority(document, &[Direction::Down, Direction::Up])
        } else {
            majority(document, &[Direction::Across, Direction::Back]).or(Some(Direction::Across))
        }
    }

    /// Adds to the votes the steps from each piece to the next of its block,
    /// where both have two characters or more (a lone `0` is as tall as it is
    /// wide in no useful way).
    fn count_lines(&mut self) {
        let long = |piece: &&Piece| piece.text.chars().nth(1).is_some();
        for pair in self.pieces.windows(2) {
            let [from, to] = pair else { continue };
            if from.block.is_none() || from.block != to.block || !long(&from) || !long(&to) {
                continue;
            }
            if let Some(way) = Direction::of_lines(from.listed, to.listed) {
                self.votes[way as usize] += 1;
            }
        }
    }

    /// Puts every piece's box in the frame of `direction`.
    fn frame(&mut self, direction: Direction) {
        for piece in &mut self.pieces {
            let [left, right, top, height] = direction.frame(piece.listed);
            piece.left = left;
            piece.right = right;
            piece.top = hundredths(top);
            piece.height = hundredths(height);
        }
    }
}

/// Of `ways`, the one with the most `votes` (per [`Direction::ALL`]); `None`
/// when none has any.
fn majority(votes: &[usize; 4], ways: &[Direction]) -> Option<Direction> {
    let best = ways
        .iter()
        .copied()
        .max_by_key(|&way| votes[way as usize])?;
    (votes[best as usize] > 0).then_some(best)
}

/// The pieces of every page, parsed row by row from `pdftotext -tsv -layout`.
#[derive(Debug, Default)]
pub(crate) struct Pieces {
    pages: Vec<Page>,
    /// How many pieces were listed, kept or not (past [`MAX_PIECES`]).
    listed: usize,
}

/// A page number past which rows are not believed (a page list of a million
/// empty pages would be built otherwise).
const MAX_PAGE: usize = 100_000;

/// Most pieces a document may list. A real report lists a few hundred (the
/// city report 394); each costs about 64 bytes besides its text, so a PDF
/// built to list millions must not be held.
pub(crate) const MAX_PIECES: usize = 1_000_000;

impl Pieces {
    /// Adds one row of the listing (`level page par block line word left top
    /// width height conf text`): a level-4 row starts a piece, a level-5 row is
    /// one of its words. Other rows (the header, pages, flows) and rows that do
    /// not parse are passed over: a line they would have matched is then
    /// unmatched, hence out of order.
    pub(crate) fn add_row(&mut self, row: &str) {
        let mut fields = row.splitn(12, '\t');
        let level = fields.next().unwrap_or("");
        if level != "4" && level != "5" {
            return;
        }
        let Some(page) = fields.next().and_then(|p| p.parse::<usize>().ok()) else {
            return;
        };
        if page == 0 || page > MAX_PAGE {
            return;
        }
        let mut id = || fields.next().and_then(|f| f.parse::<u32>().ok());
        let block = (id(), id());
        // The line and word numbers.
        let _ = (id(), id());
        let mut numbers = fields.by_ref().map(|f| f.parse::<f64>().ok());
        let (Some(Some(left)), Some(Some(top)), Some(Some(width)), Some(Some(height))) = (
            numbers.next(),
            numbers.next(),
            numbers.next(),
            numbers.next(),
        ) else {
            return;
        };
        if ![left, top, width, height].iter().all(|n| n.is_finite()) {
            return;
        }
        if level == "5" {
            let text = fields.nth(1).unwrap_or("");
            let Some(page) = self.pages.get_mut(page - 1) else {
                return;
            };
            let Some(piece) = page.pieces.last_mut() else {
                return;
            };
            if let Some(from) = piece.last_word {
                let way = Direction::between(from, (left, top));
                page.votes[way as usize] += 1;
            }
            piece.last_word = Some((left, top));
            piece
                .text
                .extend(text.chars().filter(|c| !c.is_whitespace()));
            return;
        }
        self.listed += 1;
        if self.listed > MAX_PIECES {
            return;
        }
        if self.pages.len() < page {
            self.pages.resize_with(page, Page::default);
        }
        self.pages[page - 1].pieces.push(Piece {
            text: String::new(),
            listed: [left, top, width, height],
            block: match block {
                (Some(par), Some(block)) => Some((par, block)),
                _ => None,
            },
            last_word: None,
            left: 0.0,
            right: 0.0,
            top: 0,
            height: 0,
            line: None,
        });
    }

    /// True when more than [`MAX_PIECES`] pieces were listed (the rest were
    /// not kept).
    pub(crate) fn too_many(&self) -> bool {
        self.listed > MAX_PIECES
    }

    /// The lines of `layout` (the `-layout` text of the same PDF) that are out
    /// of order, by 1-based number, ascending, each with what is wrong (the
    /// first thing found).
    pub(crate) fn out_of_order(mut self, layout: &str) -> Vec<(u32, OutOfOrder)> {
        let mut marked = Vec::new();
        let mut document = [0; 4];
        for page in &mut self.pages {
            page.count_lines();
            for (all, votes) in document.iter_mut().zip(page.votes) {
                *all += votes;
            }
        }
        for (index, lines) in page_lines(layout).into_iter().enumerate() {
            let mut none = Page::default();
            let page = self.pages.get_mut(index).unwrap_or(&mut none);
            // A page whose way is unknown is not checked: which way is left is.
            let Some(direction) = page.direction(&document) else {
                continue;
            };
            page.frame(direction);
            check_page(&lines, &mut page.pieces, &mut marked);
        }
        marked.sort_by_key(|&(number, _)| number);
        marked.dedup_by_key(|&mut (number, _)| number);
        marked
    }
}

/// A non-blank line of a page.
struct PageLine {
    /// Its 1-based number in the whole text.
    number: u32,
    /// Its characters without whitespace.
    text: String,
    /// The offsets in `text` before which whitespace was printed, ascending.
    spaced: Vec<usize>,
}

/// The non-blank lines of one page.
type PageLines = Vec<PageLine>;

/// The non-blank lines of each page of the layout text, numbered as lines of the
/// whole text (a page's first line shares its number with the form feed that
/// ended the page before).
fn page_lines(layout: &str) -> Vec<PageLines> {
    let mut pages: Vec<PageLines> = vec![Vec::new()];
    for (index, line) in layout.split('\n').enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (part, text) in line.split('\x0c').enumerate() {
            if part > 0 {
                pages.push(Vec::new());
            }
            let mut line = PageLine {
                number,
                text: String::new(),
                spaced: Vec::new(),
            };
            let mut after_space = false;
            for c in text.chars() {
                if c.is_whitespace() {
                    after_space = !line.text.is_empty();
                    continue;
                }
                if after_space {
                    line.spaced.push(line.text.len());
                    after_space = false;
                }
                line.text.push(c);
            }
            if !line.text.is_empty() {
                if let Some(page) = pages.last_mut() {
                    page.push(line);
                }
            }
        }
    }
    pages
}

/// The page's pieces in the order the layout prints baselines (top to bottom,
/// then left to right), by first character.
struct Index {
    by_first: HashMap<char, Firsts>,
    /// Pieces looked at so far, and the most the page may look at.
    looked_at: usize,
    budget: usize,
}

/// The pieces that start with one character, and how many at the front were
/// matched to earlier lines (which no later line looks at again).
#[derive(Default)]
struct Firsts {
    pieces: Vec<usize>,
    done: usize,
}

/// True when most of the page's pieces of two or more characters are listed
/// taller than wide: text that runs down or up the page.
fn runs_down(pieces: &[Piece]) -> bool {
    let (mut down, mut across) = (0usize, 0usize);
    for piece in pieces.iter().filter(|p| p.text.chars().nth(1).is_some()) {
        let [_, _, width, height] = piece.listed;
        if height > width {
            down += 1;
        } else {
            across += 1;
        }
    }
    down > across
}

/// Matches each output line of a page to its pieces and marks the lines out of order.
fn check_page(lines: &PageLines, pieces: &mut [Piece], marked: &mut Vec<(u32, OutOfOrder)>) {
    let mut order: Vec<usize> = (0..pieces.len())
        .filter(|&i| !pieces[i].text.is_empty())
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&pieces[a], &pieces[b]);
        a.top.cmp(&b.top).then(a.left.total_cmp(&b.left))
    });
    let mut index = Index {
        by_first: HashMap::new(),
        looked_at: 0,
        budget: LOOKS_PER_PAGE.saturating_add(LOOKS_PER_PIECE.saturating_mul(order.len())),
    };
    for &i in &order {
        if let Some(first) = pieces[i].text.chars().next() {
            index.by_first.entry(first).or_default().pieces.push(i);
        }
    }
    for line in lines {
        let wrong = match match_line(line.number, &line.text, pieces, &mut index) {
            Some(matched) => printed_as_placed(line, &matched, pieces).err(),
            None => Some(OutOfOrder::Unmatched),
        };
        if let Some(wrong) = wrong {
            marked.push((line.number, wrong));
        }
    }
    // The cells of a table row (same top, same height) belong on one output line.
    let mut rows: HashMap<(i64, i64), Vec<Option<u32>>> = HashMap::new();
    for &i in &order {
        rows.entry((pieces[i].top, pieces[i].height))
            .or_default()
            .push(pieces[i].line);
    }
    for row in rows.values() {
        if row.iter().any(|&line| line != row[0]) {
            marked.extend(row.iter().flatten().map(|&n| (n, OutOfOrder::Split)));
        }
    }
}

/// Whether `line`'s pieces, `matched` in print order, are printed left to
/// right and with a space wherever the page has a gap between them, or else
/// what is wrong.
fn printed_as_placed(
    line: &PageLine,
    matched: &[usize],
    pieces: &[Piece],
) -> Result<(), OutOfOrder> {
    let mut at = 0;
    for pair in matched.windows(2) {
        let (a, b) = (&pieces[pair[0]], &pieces[pair[1]]);
        at += a.text.len();
        if b.left < a.left - LEFT_SLACK {
            return Err(OutOfOrder::Swapped);
        }
        let gap = b.left - a.right;
        let height = a.height.max(b.height) as f64 / 100.0;
        if gap > RUN_TOGETHER_GAP * height && line.spaced.binary_search(&at).is_err() {
            return Err(OutOfOrder::RunTogether);
        }
    }
    Ok(())
}

/// The pieces that print `text` (characters without whitespace) on line
/// `number`, in print order, or `None` (no pieces are then matched to it).
/// Pieces matched to earlier lines are not taken again. Tries first the topmost
/// piece that fits, then the pieces on its baseline left to right: the order
/// the layout prints them in when it prints them right.
fn match_line(
    number: u32,
    text: &str,
    pieces: &mut [Piece],
    index: &mut Index,
) -> Option<Vec<usize>> {
    struct Step {
        at: usize,
        candidates: Vec<usize>,
        next: usize,
    }
    let mut chosen: Vec<usize> = Vec::new();
    let first = candidates(number, text, 0, pieces, index, &chosen);
    let mut stack = vec![Step {
        at: 0,
        candidates: first,
        next: 0,
    }];
    let mut steps = 0;
    while let Some(step) = stack.last_mut() {
        steps += 1;
        let Some(&piece) = step.candidates.get(step.next) else {
            stack.pop();
            if let Some(last) = chosen.pop() {
                pieces[last].line = None;
            }
            continue;
        };
        if steps > MAX_STEPS || index.looked_at > index.budget {
            break;
        }
        step.next += 1;
        let at = step.at + pieces[piece].text.len();
        chosen.push(piece);
        pieces[piece].line = Some(number);
        if at == text.len() {
            return Some(chosen);
        }
        let candidates = candidates(number, text, at, pieces, index, &chosen);
        stack.push(Step {
            at,
            candidates,
            next: 0,
        });
    }
    for &piece in &chosen {
        pieces[piece].line = None;
    }
    None
}

/// The unmatched pieces that may print the start of `text[at..]`, best first:
/// after a first piece, those on its top to the right of the last one, then
/// those on its top to the left, then the topmost of all.
fn candidates(
    number: u32,
    text: &str,
    at: usize,
    pieces: &[Piece],
    index: &mut Index,
    chosen: &[usize],
) -> Vec<usize> {
    let rest = &text[at..];
    let Some(firsts) = rest.chars().next().and_then(|c| index.by_first.get_mut(&c)) else {
        return Vec::new();
    };
    // Pieces matched to earlier lines stay matched: skipped once for good.
    let earlier = |i: usize| pieces[i].line.is_some_and(|line| line < number);
    while firsts.done < firsts.pieces.len() && earlier(firsts.pieces[firsts.done]) {
        firsts.done += 1;
    }
    let list = &firsts.pieces[firsts.done..];
    let fits = |i: usize| pieces[i].line.is_none() && rest.starts_with(pieces[i].text.as_str());
    let mut out: Vec<usize> = Vec::new();
    let mut looked_at = 0;
    if let (Some(&start), Some(&last)) = (chosen.first(), chosen.last()) {
        let (top, left) = (pieces[start].top, pieces[last].left);
        let from = list.partition_point(|&i| pieces[i].top < top);
        let mut wrong = Vec::new();
        for &i in list[from..].iter().take_while(|&&i| pieces[i].top == top) {
            looked_at += 1;
            if looked_at > MAX_LOOKED_AT || out.len() + wrong.len() >= 2 * MAX_CANDIDATES {
                break;
            }
            if fits(i) {
                if pieces[i].left >= left - LEFT_SLACK {
                    out.push(i);
                } else {
                    wrong.push(i);
                }
            }
        }
        out.truncate(MAX_CANDIDATES);
        wrong.truncate(MAX_CANDIDATES);
        out.extend(wrong);
    }
    let mut topmost = 0;
    for &i in list {
        looked_at += 1;
        if looked_at > 2 * MAX_LOOKED_AT || topmost == MAX_CANDIDATES {
            break;
        }
        if fits(i) && !out.contains(&i) {
            out.push(i);
            topmost += 1;
        }
    }
    index.looked_at += looked_at;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece of a page: text, left, top, height.
    type At<'a> = (&'a str, f64, f64, f64);

    /// The numbers of the lines `pieces` finds out of order in `layout`.
    fn marked(pieces: Pieces, layout: &str) -> Vec<u32> {
        pieces
            .out_of_order(layout)
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    /// The listing `pdftotext -tsv -layout` gives for `pages` of pieces, each
    /// piece one word (or several, split at its spaces).
    fn listing(pages: &[&[At]]) -> Pieces {
        let mut pieces = Pieces::default();
        pieces.add_row("level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext");
        for (p, at) in pages.iter().enumerate() {
            let page = p + 1;
            pieces.add_row(&format!(
                "1\t{page}\t0\t0\t0\t0\t0\t0\t595\t842\t-1\t###PAGE###"
            ));
            for (l, (text, left, top, height)) in at.iter().enumerate() {
                pieces.add_row(&format!(
                    "4\t{page}\t0\t{l}\t0\t0\t{left:.6}\t{top:.6}\t10.000000\t{height:.6}\t-1\t###LINE###"
                ));
                for (w, word) in text.split(' ').enumerate() {
                    pieces.add_row(&format!(
                        "5\t{page}\t0\t{l}\t0\t{w}\t{left:.2}\t{top:.2}\t10.00\t{height:.2}\t100\t{word}"
                    ));
                }
            }
        }
        pieces
    }

    /// Two rows of table 3: 0 left of １６２７, then two zeros.
    const TWO_ROWS: &[At] = &[
        ("一、新收申请", 36.0, 100.0, 8.0),
        ("0", 100.0, 100.0, 8.0),
        ("１６２７", 150.0, 100.0, 8.0),
        ("二、上年结转", 36.0, 112.0, 8.0),
        ("0", 100.0, 112.0, 8.0),
        ("0", 150.0, 112.0, 8.0),
    ];

    #[test]
    fn lines_printed_left_to_right_are_in_order() {
        let layout = "一、新收申请   0   １６２７\n二、上年结转   0   0\n\x0c";
        assert_eq!(marked(listing(&[TWO_ROWS]), layout), [] as [u32; 0]);
    }

    #[test]
    fn values_printed_in_another_order_than_the_page_shows_are_out_of_order() {
        let layout = "一、新收申请   １６２７   0\n二、上年结转   0   0\n\x0c";
        assert_eq!(
            listing(&[TWO_ROWS]).out_of_order(layout),
            [(1, OutOfOrder::Swapped)]
        );
    }

    #[test]
    fn a_row_printed_on_two_lines_is_out_of_order() {
        let page: &[At] = &[
            ("一、新收申请", 36.0, 100.0, 8.0),
            ("3", 100.0, 100.0, 8.0),
            ("5", 150.0, 100.0, 8.0),
            ("二、上年结转", 36.0, 112.0, 8.0),
        ];
        let layout = "一、新收申请   3\n  5\n二、上年结转\n\x0c";
        assert_eq!(
            listing(&[page]).out_of_order(layout),
            [(1, OutOfOrder::Split), (2, OutOfOrder::Split)]
        );
    }

    /// A wrapped label's second line printed apart from the values beside it
    /// (real reports, hongze district 2023): different tops and heights, not
    /// one table row, so nothing is out of order.
    #[test]
    fn a_label_printed_apart_from_its_values_in_another_size_is_in_order() {
        let page: &[At] = &[
            (
                "（二）部分公开（区分处理的，只计这一情 形，不",
                103.92,
                551.28,
                9.03,
            ),
            ("4", 322.2, 554.62, 14.09),
            ("0", 352.2, 554.62, 14.09),
            ("计其他情形）", 103.92, 564.72, 9.03),
        ];
        let layout = "    （二）部分公开（区分处理的，只计这一情 形，不\n    计其他情形）\n        4    0\n\x0c";
        assert_eq!(marked(listing(&[page]), layout), [] as [u32; 0]);
    }

    /// Two zeros a column apart printed `00` are two values run into one; pieces
    /// that touch on the page (a list marker and its words) may print touching.
    #[test]
    fn pieces_apart_on_the_page_printed_touching_are_out_of_order() {
        let page: &[At] = &[
            ("（二）", 36.0, 100.0, 8.0),
            ("部分公开", 46.0, 100.0, 8.0),
            ("0", 100.0, 100.0, 8.0),
            ("0", 150.0, 100.0, 8.0),
            ("6", 200.0, 100.0, 8.0),
        ];
        let layout = "（二）部分公开   0   0   6\n\x0c";
        assert_eq!(marked(listing(&[page]), layout), [] as [u32; 0]);
        let layout = "（二）部分公开   00   6\n\x0c";
        assert_eq!(
            listing(&[page]).out_of_order(layout),
            [(1, OutOfOrder::RunTogether)]
        );
    }

    /// A table drawn turned on its side: its pieces are taller than wide and
    /// the layout reads them top to bottom, so left and right say nothing.
    #[test]
    fn a_page_whose_text_runs_down_is_not_checked() {
        let page: &[At] = &[
            ("一、新收申请", 100.0, 36.0, 60.0),
            ("12", 90.0, 120.0, 16.0),
            ("二、上年结转", 80.0, 36.0, 60.0),
            ("34", 70.0, 120.0, 16.0),
        ];
        let layout = "一、新收申请   12\n二、上年结转   34\n\x0c";
        assert_eq!(marked(listing(&[page]), layout), [] as [u32; 0]);
    }

    #[test]
    fn a_line_that_is_not_the_pages_text_is_out_of_order() {
        let page: &[At] = &[("一、新收申请", 36.0, 100.0, 8.0), ("3", 100.0, 100.0, 8.0)];
        let layout = "一、新收申请   8\n\x0c";
        assert_eq!(marked(listing(&[page]), layout), [1]);
    }

    /// Pages are told by form feeds: a page's first line is numbered with the
    /// form feed before it, and each page is matched to its own pieces.
    #[test]
    fn each_page_is_matched_to_its_own_pieces() {
        let first: &[At] = &[("甲", 36.0, 100.0, 8.0), ("1", 100.0, 100.0, 8.0)];
        let second: &[At] = &[
            ("乙", 36.0, 100.0, 8.0),
            ("2", 100.0, 100.0, 8.0),
            ("1", 150.0, 100.0, 8.0),
        ];
        let layout = "甲   1\n\x0c乙   1   2\n\x0c";
        assert_eq!(marked(listing(&[first, second]), layout), [2]);
        let layout = "甲   1\n\x0c乙   2   1\n\x0c";
        assert_eq!(marked(listing(&[first, second]), layout), [] as [u32; 0]);
    }

    /// Many equal pieces (a table of zeros) are matched row by row, and a
    /// listing built to make matching slow is bounded: lines past the page's
    /// budget are out of order, never a hang.
    #[test]
    fn equal_pieces_are_matched_in_order_and_matching_is_bounded() {
        let rows = 60;
        let mut page: Vec<(String, f64, f64, f64)> = Vec::new();
        let mut layout = String::new();
        for row in 0..rows {
            let top = 100.0 + 12.0 * row as f64;
            page.push((format!("行{row}"), 36.0, top, 8.0));
            layout.push_str(&format!("行{row}"));
            for column in 0..7 {
                page.push(("0".to_string(), 100.0 + 30.0 * column as f64, top, 8.0));
                layout.push_str("   0");
            }
            layout.push('\n');
        }
        let at: Vec<At> = page
            .iter()
            .map(|(t, l, p, h)| (t.as_str(), *l, *p, *h))
            .collect();
        assert_eq!(marked(listing(&[&at]), &layout), [] as [u32; 0]);

        let zeros: Vec<At> = (0..20_000).map(|i| ("0", i as f64, 100.0, 8.0)).collect();
        let layout = "0 ".repeat(20_000) + "\n" + &"00\n".repeat(5_000);
        let marked = marked(listing(&[&zeros]), &layout);
        assert!(
            marked.contains(&2) && marked.len() > 1_000,
            "{}",
            marked.len()
        );
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever the listing and the text (a hostile PDF drives both), the
        /// check ends, never panics, and names only lines the text has, once
        /// each, in order.
        #[test]
        fn any_listing_and_text_give_lines_of_the_text(
            rows in proptest::collection::vec(
                (0u8..7, 0usize..4, "[0-9０-９a行 ]{0,6}", -1e3f64..1e4, -1e3f64..1e4, 0f64..50.0),
                0..60,
            ),
            layout in "[0-9０-９a行 \n\x0c]{0,200}",
        ) {
            let mut pieces = Pieces::default();
            for (level, page, text, left, top, height) in &rows {
                pieces.add_row(&format!(
                    "{level}\t{page}\t0\t0\t0\t0\t{left}\t{top}\t10\t{height}\t-1\t{text}"
                ));
            }
            let lines = layout.split('\n').count() as u32;
            let marked = pieces.out_of_order(&layout);
            let numbers: Vec<u32> = marked.iter().map(|&(n, _)| n).collect();
            prop_assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
            prop_assert!(numbers.iter().all(|&n| (1..=lines).contains(&n)), "{numbers:?}");
        }
    }

    #[test]
    fn pieces_past_the_most_are_counted_not_kept() {
        let mut pieces = Pieces::default();
        let row = "4\t1\t0\t0\t0\t0\t1\t1\t1\t1\t-1\t###LINE###";
        for _ in 0..MAX_PIECES {
            pieces.add_row(row);
        }
        assert!(!pieces.too_many());
        pieces.add_row(row);
        pieces.add_row(row);
        assert!(pieces.too_many());
        assert_eq!(pieces.pages[0].pieces.len(), MAX_PIECES);
    }

    /// A page turned upside down with no piece of two words: its way is told
    /// by the lines of a block following each other up the page, and a row
    /// printed label first is read right to left, in order.
    #[test]
    fn an_upside_down_page_is_told_by_its_lines() {
        let mut pieces = Pieces::default();
        let mut piece = |block: u32, line: u32, left: f64, top: f64, width: f64, text: &str| {
            pieces.add_row(&format!(
                "4\t1\t0\t{block}\t{line}\t0\t{left}\t{top}\t{width}\t8\t-1\t###LINE###"
            ));
            pieces.add_row(&format!(
                "5\t1\t0\t{block}\t{line}\t0\t{left}\t{top}\t{width}\t8\t100\t{text}"
            ));
        };
        for line in 0..3 {
            piece(
                0,
                line,
                400.0,
                700.0 - 12.0 * f64::from(line),
                160.0,
                "一段正文的文字",
            );
        }
        piece(1, 0, 500.0, 600.0, 48.0, "标签");
        piece(2, 0, 400.0, 600.0, 4.0, "3");
        let layout = "一段正文的文字\n一段正文的文字\n一段正文的文字\n标签   3\n\x0c";
        assert_eq!(pieces.out_of_order(layout), []);
    }

    /// Whichever way text runs, a word followed by the next that way frames
    /// left of it, on the same line.
    #[test]
    fn each_way_frames_its_next_word_to_the_right() {
        let (x, y, w, h) = (300.0, 400.0, 20.0, 8.0);
        for (way, next) in [
            (Direction::Across, [x + 30.0, y, w, h]),
            (Direction::Down, [x, y + 30.0, h, w]),
            (Direction::Back, [x - 30.0, y, w, h]),
            (Direction::Up, [x, y - 30.0, h, w]),
        ] {
            let first = if matches!(way, Direction::Down | Direction::Up) {
                [x, y, h, w]
            } else {
                [x, y, w, h]
            };
            assert_eq!(
                Direction::between((first[0], first[1]), (next[0], next[1])),
                way
            );
            let (a, b) = (way.frame(first), way.frame(next));
            assert!(b[0] > a[1], "{way:?}: {a:?} then {b:?}");
            assert_eq!((a[2], a[3]), (b[2], b[3]), "{way:?}");
        }
    }

    #[test]
    fn rows_that_do_not_parse_are_passed_over() {
        let mut pieces = Pieces::default();
        for row in [
            "",
            "4",
            "4\tx",
            "4\t0\t0\t0\t0\t0\t1\t1\t1\t1\t-1\t###LINE###",
            "4\t999999999\t0\t0\t0\t0\t1\t1\t1\t1\t-1\t###LINE###",
            "4\t1\t0\t0\t0\t0\tNaN\t1\t1\t1\t-1\t###LINE###",
            "4\t1\t0\t0\t0\t0\t1\tinf\t1\t1\t-1\t###LINE###",
            "5\t2\t0\t0\t0\t0\t1\t1\t1\t1\t100\t孤",
        ] {
            pieces.add_row(row);
        }
        assert!(pieces.pages.is_empty());
        assert_eq!(pieces.out_of_order("孤\n"), [(1, OutOfOrder::Unmatched)]);
    }
}
