//! The sequence diagram of `<<#data-flow>>` as inline SVG: participants as
//! columns (boxes at the top and bottom, dashed lifelines), one numbered
//! arrow per step (dashed for replies, a loop for a call to itself), the
//! step's text above the arrow and its protocol below.
//!
//! Every color is `currentColor` (so the diagram follows the page's text
//! color in every theme and prints black), refined by the classes that
//! `assets/integration-guide.css` styles with mdBook's theme variables.
//! Every text is escaped; no script, no external reference. Text widths
//! are estimated (no font metrics are available), generously.
//!
//! Two steps: [`layout`] places everything (a [`Layout`] of plain numbers
//! and wrapped lines), then the drawing writes the SVG from it.

use crate::escape;

/// One participant's column.
pub struct Participant {
    /// Plain text.
    pub name: String,
}

/// One step of the flow.
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    /// Plain text.
    pub label: String,
    /// Plain text.
    pub protocol: Option<String>,
    /// A reply: drawn dashed.
    pub reply: bool,
}

/// What to draw.
pub struct Diagram {
    /// A prefix for the ids of the title and description, unique in the
    /// book (the print page holds every chapter).
    pub id: String,
    /// Plain text.
    pub title: String,
    /// Plain text: the accessible description.
    pub desc: String,
    pub participants: Vec<Participant>,
    pub arrows: Vec<Arrow>,
}

const FONT: f64 = 14.0;
const SMALL: f64 = 12.0;
const LINE: f64 = 18.0;
const SMALL_LINE: f64 = 15.0;
const MARGIN: f64 = 12.0;
const BOX_H: f64 = 34.0;
const BOX_PAD: f64 = 14.0;
const BOX_MIN_W: f64 = 90.0;
const BADGE_R: f64 = 9.0;
const HEAD: f64 = 9.0;
const ROW_GAP: f64 = 18.0;
const LOOP_W: f64 = 32.0;
const LOOP_MIN_H: f64 = 22.0;
/// Characters per line before a label wraps.
const WRAP: usize = 38;

/// An estimate of the width of `text` at `size` px in a sans-serif font.
fn width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | ' ' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.4,
            'm' | 'w' | 'M' | 'W' | '@' => 0.9,
            'A'..='Z' => 0.7,
            c if (c as u32) >= 0x1100 => 1.0,
            _ => 0.58,
        })
        .sum();
    em * size
}

/// Splits text into lines of at most about `max` characters, at spaces.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A number for SVG: at most one decimal.
fn n(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A step's wrapped texts and the width they need.
struct Texts {
    label: Vec<String>,
    protocol: Vec<String>,
    width: f64,
}

fn texts(a: &Arrow) -> Texts {
    let label = wrap(&a.label, WRAP);
    let protocol = a
        .protocol
        .as_deref()
        .map(|p| wrap(p, WRAP + 6))
        .unwrap_or_default();
    let width = label
        .iter()
        .map(|l| width(l, FONT))
        .chain(protocol.iter().map(|l| width(l, SMALL)))
        .fold(0.0, f64::max);
    Texts {
        label,
        protocol,
        width,
    }
}

/// A `<text>` of one or more lines.
fn text_lines(out: &mut String, class: &str, t: &TextLayout) {
    let (size, step) = if t.small {
        (SMALL, SMALL_LINE)
    } else {
        (FONT, LINE)
    };
    let anchor = if t.centered { "middle" } else { "start" };
    out.push_str(&format!("<text class=\"{class}\" text-anchor=\"{anchor}\""));
    if size != FONT {
        out.push_str(&format!(" font-size=\"{}\"", n(size)));
    }
    out.push('>');
    for (i, line) in t.lines.iter().enumerate() {
        out.push_str(&format!(
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            n(t.x),
            n(t.y + i as f64 * step),
            escape::html(line)
        ));
    }
    out.push_str("</text>\n");
}

/// Where everything of a diagram goes, in px from the top left: plain
/// numbers and the wrapped lines of text, no SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The width and height of the whole drawing.
    pub width: f64,
    pub height: f64,
    /// One per participant, in order.
    pub columns: Vec<Column>,
    /// The y of the top row of boxes.
    pub top: f64,
    /// The y of the bottom row of boxes (where the lifelines end).
    pub bottom: f64,
    /// One per arrow, in order.
    pub steps: Vec<StepLayout>,
}

/// A participant's column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The x of its lifeline (the middle of its boxes).
    pub x: f64,
    /// The width of its boxes.
    pub box_width: f64,
}

/// One numbered arrow.
#[derive(Debug, Clone, PartialEq)]
pub struct StepLayout {
    /// 1, 2, 3 ...
    pub number: usize,
    /// Drawn dashed.
    pub reply: bool,
    /// The sender's and the receiver's lifeline.
    pub from_x: f64,
    pub to_x: f64,
    /// The y where the arrow leaves the sender (the badge's middle).
    pub y: f64,
    pub shape: Shape,
    pub label: TextLayout,
    pub protocol: Option<TextLayout>,
}

/// The line of an arrow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// From one lifeline across to another, at the step's `y`.
    Straight,
    /// A call to itself: out to the right, down to `bottom`, back.
    Loop { bottom: f64 },
}

/// A text of one or more lines.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLayout {
    pub x: f64,
    /// The baseline of the first line.
    pub y: f64,
    /// Centered on `x` (else starting at it).
    pub centered: bool,
    /// The protocol's smaller size.
    pub small: bool,
    pub lines: Vec<String>,
}

/// Lays a diagram out: column positions from the participants' names and
/// the steps' texts, then the steps from top to bottom.
pub fn layout(d: &Diagram) -> Layout {
    let count = d.participants.len().max(1);
    let box_w: Vec<f64> = d
        .participants
        .iter()
        .map(|p| (width(&p.name, FONT) + 2.0 * BOX_PAD).max(BOX_MIN_W))
        .collect();
    let all_texts: Vec<Texts> = d.arrows.iter().map(texts).collect();

    let (xs, total_w) = lifelines(d, &box_w, &all_texts);
    let last = count - 1;

    // Vertical layout and the steps.
    let top = MARGIN;
    let mut y = top + BOX_H + 20.0;
    let mut steps = Vec::with_capacity(d.arrows.len());
    for (i, (a, t)) in d.arrows.iter().zip(all_texts).enumerate() {
        steps.push(step_layout(
            i,
            a,
            t,
            (xs[a.from.min(last)], xs[a.to.min(last)]),
            &mut y,
        ));
    }
    let bottom_box = y + 2.0;
    let total_h = (bottom_box + BOX_H + MARGIN).ceil();
    Layout {
        width: total_w,
        height: total_h,
        columns: box_w
            .iter()
            .zip(&xs)
            .map(|(&box_width, &x)| Column { x, box_width })
            .collect(),
        top,
        bottom: bottom_box,
        steps,
    }
}

/// Horizontal layout: each lifeline's x, far enough from its neighbours
/// for the boxes and for every label between them; and the total width.
fn lifelines(d: &Diagram, box_w: &[f64], all_texts: &[Texts]) -> (Vec<f64>, f64) {
    let count = d.participants.len().max(1);
    let mut gaps: Vec<f64> = (0..count.saturating_sub(1))
        .map(|i| (box_w[i] + box_w[i + 1]) / 2.0 + 24.0)
        .collect();
    let mut right_extra: f64 = 0.0;
    let mut spans: Vec<(usize, usize, f64)> = Vec::new();
    for (a, t) in d.arrows.iter().zip(all_texts) {
        if a.from == a.to {
            let need = LOOP_W + 10.0 + t.width + 12.0;
            if a.from + 1 < count {
                gaps[a.from] = gaps[a.from].max(need);
            } else {
                right_extra = right_extra.max(need);
            }
        } else {
            let (lo, hi) = (a.from.min(a.to), a.from.max(a.to));
            spans.push((lo, hi, t.width + 2.0 * BADGE_R + 28.0));
        }
    }
    spans.sort_by_key(|&(lo, hi, _)| hi - lo);
    for (lo, hi, need) in spans {
        let have: f64 = gaps[lo..hi].iter().sum();
        if have < need {
            let add = (need - have) / (hi - lo) as f64;
            for g in &mut gaps[lo..hi] {
                *g += add;
            }
        }
    }
    let mut xs = Vec::with_capacity(count);
    let mut x = MARGIN + box_w.first().copied().unwrap_or(BOX_MIN_W) / 2.0;
    for i in 0..count {
        xs.push(x);
        if i < gaps.len() {
            x += gaps[i];
        }
    }
    let last = count - 1;
    let right = xs[last] + (box_w.get(last).copied().unwrap_or(BOX_MIN_W) / 2.0).max(right_extra);
    let total_w = (right + MARGIN).ceil();
    (xs, total_w)
}

/// Step `i` (0-based) at `y` (moved below it): its arrow between the
/// lifelines at `xs` (from, to), or a loop on one lifeline, and its texts.
fn step_layout(i: usize, a: &Arrow, t: Texts, xs: (f64, f64), next: &mut f64) -> StepLayout {
    let y = *next;
    let (x1, x2) = xs;
    let label_h = t.label.len() as f64 * LINE;
    let proto_h = t.protocol.len() as f64 * SMALL_LINE;
    let has_protocol = !t.protocol.is_empty();
    let text = |x: f64, y: f64, centered: bool, small: bool, lines: Vec<String>| TextLayout {
        x,
        y,
        centered,
        small,
        lines,
    };
    if a.from == a.to {
        let ay = y + 8.0;
        let loop_h = (label_h + proto_h - 4.0).max(LOOP_MIN_H);
        let bottom = ay + loop_h;
        let tx = x1 + LOOP_W + 10.0;
        *next = bottom.max(ay + 5.0 + label_h + proto_h) + ROW_GAP;
        StepLayout {
            number: i + 1,
            reply: a.reply,
            from_x: x1,
            to_x: x2,
            y: ay,
            shape: Shape::Loop { bottom },
            label: text(tx, ay + 5.0, false, false, t.label),
            protocol: has_protocol
                .then(|| text(tx, ay + 5.0 + label_h - 2.0, false, true, t.protocol)),
        }
    } else {
        let ay = y + label_h + 4.0;
        let mid = (x1 + x2) / 2.0;
        let label = text(mid, y + FONT - 2.0, true, false, t.label);
        *next = ay + if has_protocol { 6.0 + proto_h } else { 0.0 } + ROW_GAP;
        StepLayout {
            number: i + 1,
            reply: a.reply,
            from_x: x1,
            to_x: x2,
            y: ay,
            shape: Shape::Straight,
            label,
            protocol: has_protocol.then(|| text(mid, ay + SMALL + 4.0, true, true, t.protocol)),
        }
    }
}

/// The SVG, one element per line, no blank line (so it stays one HTML
/// block in Markdown).
pub fn render(d: &Diagram) -> String {
    draw(d, &layout(d))
}

/// The SVG of a laid out diagram: the names, title and description from
/// `d`, every place and wrapped text from `l`.
fn draw(d: &Diagram, l: &Layout) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"igf\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"{size}\" fill=\"currentColor\">\n",
        id = escape::html(&d.id),
        w = n(l.width),
        h = n(l.height),
        size = n(FONT),
    ));
    out.push_str(&format!(
        "<title id=\"{}-title\">{}</title>\n",
        escape::html(&d.id),
        escape::html(&d.title)
    ));
    out.push_str(&format!(
        "<desc id=\"{}-desc\">{}</desc>\n",
        escape::html(&d.id),
        escape::html(&d.desc)
    ));
    out.push_str("<g class=\"igf-lifelines\" stroke=\"currentColor\" stroke-opacity=\"0.5\" stroke-dasharray=\"3 4\">\n");
    for c in &l.columns {
        out.push_str(&format!(
            "<path class=\"igf-lifeline\" d=\"M{} {}V{}\"/>\n",
            n(c.x),
            n(l.top + BOX_H),
            n(l.bottom)
        ));
    }
    out.push_str("</g>\n");
    for box_y in [l.top, l.bottom] {
        for (c, p) in l.columns.iter().zip(&d.participants) {
            out.push_str(&format!(
                "<g class=\"igf-actor\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dy=\"0.35em\">{}</text></g>\n",
                n(c.x - c.box_width / 2.0),
                n(box_y),
                n(c.box_width),
                n(BOX_H),
                n(c.x),
                n(box_y + BOX_H / 2.0),
                escape::html(&p.name)
            ));
        }
    }
    for step in &l.steps {
        draw_step(&mut out, step);
    }
    out.push_str("</svg>");
    out
}

/// One step: its arrow, head, numbered badge and texts.
fn draw_step(out: &mut String, s: &StepLayout) {
    let (x1, x2, ay) = (s.from_x, s.to_x, s.y);
    let reply = if s.reply { " igf-reply" } else { "" };
    let dash = if s.reply {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    };
    out.push_str("<g class=\"igf-step\">\n");
    match s.shape {
        Shape::Loop { bottom } => {
            out.push_str(&format!(
                "<path class=\"igf-arrow{reply}\" d=\"M{} {}H{}V{}H{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"{dash}/>\n",
                n(x1 + BADGE_R),
                n(ay),
                n(x1 + LOOP_W),
                n(bottom),
                n(x1 + HEAD - 1.0),
            ));
            out.push_str(&format!(
                "<path class=\"igf-head\" d=\"M{} {}l{} {}v{}z\" stroke=\"none\"/>\n",
                n(x1 + 1.0),
                n(bottom),
                n(HEAD),
                n(-HEAD / 2.0),
                n(HEAD),
            ));
            badge(out, x1, ay, s.number);
            text_lines(out, "igf-label", &s.label);
        }
        Shape::Straight => {
            let dir = if x2 > x1 { 1.0 } else { -1.0 };
            text_lines(out, "igf-label", &s.label);
            out.push_str(&format!(
                "<path class=\"igf-arrow{reply}\" d=\"M{} {}H{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"{dash}/>\n",
                n(x1 + dir * BADGE_R),
                n(ay),
                n(x2 - dir * (HEAD - 1.0)),
            ));
            out.push_str(&format!(
                "<path class=\"igf-head\" d=\"M{} {}l{} {}v{}z\" stroke=\"none\"/>\n",
                n(x2),
                n(ay),
                n(-dir * HEAD),
                n(-HEAD / 2.0),
                n(HEAD),
            ));
            badge(out, x1, ay, s.number);
        }
    }
    if let Some(protocol) = &s.protocol {
        text_lines(out, "igf-protocol", protocol);
    }
    out.push_str("</g>\n");
}

/// The step number in a circle on the sender's lifeline.
fn badge(out: &mut String, x: f64, y: f64, number: usize) {
    out.push_str(&format!(
        "<circle class=\"igf-badge\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/>\n",
        n(x),
        n(y),
        n(BADGE_R)
    ));
    out.push_str(&format!(
        "<text class=\"igf-number\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" dy=\"0.35em\" font-size=\"11\">{number}</text>\n",
        n(x),
        n(y)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagram() -> Diagram {
        Diagram {
            id: "f".into(),
            title: "T <&>".into(),
            desc: "D".into(),
            participants: vec![
                Participant {
                    name: "Acme \"CRM\"".into(),
                },
                Participant {
                    name: "Globex".into(),
                },
            ],
            arrows: vec![
                Arrow {
                    from: 0,
                    to: 1,
                    label: "Send <script>".into(),
                    protocol: Some("HTTPS".into()),
                    reply: false,
                },
                Arrow {
                    from: 1,
                    to: 1,
                    label: "Think about it for a while, a long while, really long".into(),
                    protocol: None,
                    reply: false,
                },
                Arrow {
                    from: 1,
                    to: 0,
                    label: "201".into(),
                    protocol: None,
                    reply: true,
                },
            ],
        }
    }

    #[test]
    fn escaped_one_block() {
        let svg = render(&diagram());
        assert!(svg.contains("Send &lt;script&gt;"));
        assert!(svg.contains("Acme &quot;CRM&quot;"));
        assert!(svg.contains("<title id=\"f-title\">T &lt;&amp;&gt;</title>"));
        assert!(!svg.contains("\n\n"), "no blank line");
        assert!(
            svg.contains("stroke-dasharray=\"6 4\""),
            "the reply is dashed"
        );
    }

    fn named(names: &[&str], arrows: Vec<Arrow>) -> Diagram {
        Diagram {
            id: "f".into(),
            title: String::new(),
            desc: String::new(),
            participants: names
                .iter()
                .map(|n| Participant {
                    name: n.to_string(),
                })
                .collect(),
            arrows,
        }
    }

    fn arrow(from: usize, to: usize, label: &str, protocol: Option<&str>) -> Arrow {
        Arrow {
            from,
            to,
            label: label.into(),
            protocol: protocol.map(str::to_string),
            reply: false,
        }
    }

    #[test]
    fn columns_grow_with_names() {
        let short = layout(&named(&["A", "B"], vec![]));
        // Boxes of the minimum width, lifelines a box and a gap apart.
        assert_eq!(
            short.columns,
            vec![
                Column {
                    x: 57.0,
                    box_width: 90.0
                },
                Column {
                    x: 171.0,
                    box_width: 90.0
                },
            ]
        );
        assert_eq!((short.width, short.top), (228.0, 12.0));
        // No step: the bottom boxes right below the top ones.
        assert_eq!(short.bottom, 68.0);
        assert_eq!(short.height, 114.0);

        let long = layout(&named(&["A", "A participant with a long name"], vec![]));
        let box_w = long.columns[1].box_width;
        assert!(box_w > 90.0);
        assert_eq!(
            box_w,
            width("A participant with a long name", FONT) + 2.0 * BOX_PAD
        );
        assert_eq!(long.columns[1].x, 57.0 + (90.0 + box_w) / 2.0 + 24.0);
        assert!(long.width > short.width);
    }

    #[test]
    fn a_label_widens_the_gap_it_spans() {
        let label = "Send the signed invoice";
        let l = layout(&named(&["A", "B", "C"], vec![arrow(0, 2, label, None)]));
        let need = width(label, FONT) + 2.0 * BADGE_R + 28.0;
        // Short names: the two gaps are 114 each, unless the label needs more.
        let span = l.columns[2].x - l.columns[0].x;
        assert_eq!(span, need.max(228.0));
        assert!((l.columns[1].x - l.columns[0].x - span / 2.0).abs() < 1e-9);
    }

    #[test]
    fn steps_go_down_one_after_the_other() {
        let l = layout(&named(
            &["A", "B"],
            vec![
                arrow(0, 1, "Ask", Some("HTTPS")),
                arrow(1, 0, "Answer", None),
            ],
        ));
        let [first, second] = &l.steps[..] else {
            panic!("two steps");
        };
        // Below the top boxes: the label, then the arrow.
        assert_eq!(first.shape, Shape::Straight);
        assert_eq!((first.number, first.from_x, first.to_x), (1, 57.0, 171.0));
        assert_eq!(first.label.y, 66.0 + FONT - 2.0);
        assert_eq!(first.y, 66.0 + LINE + 4.0);
        assert!(first.label.centered && !first.label.small);
        assert_eq!(first.label.x, 114.0);
        let protocol = first.protocol.as_ref().unwrap();
        assert_eq!((protocol.y, protocol.small), (first.y + SMALL + 4.0, true));
        assert_eq!(protocol.lines, vec!["HTTPS"]);
        // The next step below the protocol, then a gap.
        let next_top = first.y + 6.0 + SMALL_LINE + ROW_GAP;
        assert_eq!(second.y, next_top + LINE + 4.0);
        assert_eq!((second.from_x, second.to_x), (171.0, 57.0));
        assert!(second.protocol.is_none());
        assert_eq!(l.bottom, second.y + ROW_GAP + 2.0);
    }

    #[test]
    fn a_self_call_makes_a_loop() {
        let alone = layout(&named(&["A", "B"], vec![]));
        let l = layout(&named(&["A", "B"], vec![arrow(1, 1, "Think", None)]));
        let step = &l.steps[0];
        let Shape::Loop { bottom } = step.shape else {
            panic!("a loop: {:?}", step.shape);
        };
        assert_eq!((step.from_x, step.to_x), (171.0, 171.0));
        assert_eq!(step.y, 66.0 + 8.0);
        // One line of label: the loop's minimum height.
        assert_eq!(bottom, step.y + LOOP_MIN_H);
        // The label starts right of the loop.
        assert_eq!(step.label.x, 171.0 + LOOP_W + 10.0);
        assert!(!step.label.centered);
        // On the last column, the loop and its label widen the drawing.
        let need = LOOP_W + 10.0 + width("Think", FONT) + 12.0;
        assert_eq!(l.width, (171.0 + need.max(45.0) + MARGIN).ceil());
        assert!(l.width > alone.width);
        // On another column, it widens the gap to the right.
        let first = layout(&named(
            &["A", "B"],
            vec![arrow(0, 0, &"x".repeat(30), None)],
        ));
        let need = LOOP_W + 10.0 + width(&"x".repeat(30), FONT) + 12.0;
        assert_eq!(first.columns[1].x - first.columns[0].x, need.max(114.0));
    }

    #[test]
    fn long_labels_wrap_and_push_the_next_steps_down() {
        let label = "Think about it for a while, a long while, really long";
        let l = layout(&named(&["A", "B"], vec![arrow(0, 1, label, None)]));
        let lines = &l.steps[0].label.lines;
        assert_eq!(
            lines,
            &vec!["Think about it for a while, a long", "while, really long"]
        );
        assert!(lines.iter().all(|line| line.chars().count() <= WRAP));
        // Two lines above the arrow.
        assert_eq!(l.steps[0].y, 66.0 + 2.0 * LINE + 4.0);
        // A protocol wraps a little later.
        let protocol = "x ".repeat(23);
        let l = layout(&named(&["A"], vec![arrow(0, 0, "a", Some(&protocol))]));
        let p = l.steps[0].protocol.as_ref().unwrap();
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].chars().count(), WRAP + 5);
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("a b c", 3), vec!["a b", "c"]);
        assert_eq!(wrap("", 3), vec![""]);
        assert_eq!(wrap("abcdef g", 3), vec!["abcdef", "g"]);
        assert_eq!(n(1.25), "1.3");
        assert_eq!(n(2.0), "2");
    }
}
