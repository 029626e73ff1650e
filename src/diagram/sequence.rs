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

/// A `<text>` of one or more lines; `small` for the protocol's size.
fn text_lines(
    out: &mut String,
    class: &str,
    x: f64,
    y: f64,
    anchor: &str,
    lines: &[String],
    small: bool,
) {
    let (size, step) = if small {
        (SMALL, SMALL_LINE)
    } else {
        (FONT, LINE)
    };
    out.push_str(&format!("<text class=\"{class}\" text-anchor=\"{anchor}\""));
    if size != FONT {
        out.push_str(&format!(" font-size=\"{}\"", n(size)));
    }
    out.push('>');
    for (i, line) in lines.iter().enumerate() {
        out.push_str(&format!(
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            n(x),
            n(y + i as f64 * step),
            escape::html(line)
        ));
    }
    out.push_str("</text>\n");
}

/// The SVG, one element per line, no blank line (so it stays one HTML
/// block in Markdown).
pub fn render(d: &Diagram) -> String {
    let count = d.participants.len().max(1);
    let box_w: Vec<f64> = d
        .participants
        .iter()
        .map(|p| (width(&p.name, FONT) + 2.0 * BOX_PAD).max(BOX_MIN_W))
        .collect();
    let all_texts: Vec<Texts> = d.arrows.iter().map(texts).collect();

    // Horizontal layout: the distance between neighbouring lifelines.
    let mut gaps: Vec<f64> = (0..count.saturating_sub(1))
        .map(|i| (box_w[i] + box_w[i + 1]) / 2.0 + 24.0)
        .collect();
    let mut right_extra: f64 = 0.0;
    let mut spans: Vec<(usize, usize, f64)> = Vec::new();
    for (a, t) in d.arrows.iter().zip(&all_texts) {
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

    // Vertical layout and the steps.
    let top = MARGIN;
    let mut y = top + BOX_H + 20.0;
    let mut steps = String::new();
    for (i, (a, t)) in d.arrows.iter().zip(&all_texts).enumerate() {
        let number = i + 1;
        let x1 = xs[a.from.min(last)];
        let x2 = xs[a.to.min(last)];
        let reply = if a.reply { " igf-reply" } else { "" };
        let dash = if a.reply {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        steps.push_str("<g class=\"igf-step\">\n");
        let label_h = t.label.len() as f64 * LINE;
        let proto_h = t.protocol.len() as f64 * SMALL_LINE;
        if a.from == a.to {
            let ay = y + 8.0;
            let loop_h = (label_h + proto_h - 4.0).max(LOOP_MIN_H);
            let bottom = ay + loop_h;
            steps.push_str(&format!(
                "<path class=\"igf-arrow{reply}\" d=\"M{} {}H{}V{}H{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"{dash}/>\n",
                n(x1 + BADGE_R),
                n(ay),
                n(x1 + LOOP_W),
                n(bottom),
                n(x1 + HEAD - 1.0),
            ));
            steps.push_str(&format!(
                "<path class=\"igf-head\" d=\"M{} {}l{} {}v{}z\" stroke=\"none\"/>\n",
                n(x1 + 1.0),
                n(bottom),
                n(HEAD),
                n(-HEAD / 2.0),
                n(HEAD),
            ));
            badge(&mut steps, x1, ay, number);
            let tx = x1 + LOOP_W + 10.0;
            text_lines(
                &mut steps,
                "igf-label",
                tx,
                ay + 5.0,
                "start",
                &t.label,
                false,
            );
            if !t.protocol.is_empty() {
                text_lines(
                    &mut steps,
                    "igf-protocol",
                    tx,
                    ay + 5.0 + label_h - 2.0,
                    "start",
                    &t.protocol,
                    true,
                );
            }
            y = bottom.max(ay + 5.0 + label_h + proto_h) + ROW_GAP;
        } else {
            let ay = y + label_h + 4.0;
            let dir = if x2 > x1 { 1.0 } else { -1.0 };
            let mid = (x1 + x2) / 2.0;
            text_lines(
                &mut steps,
                "igf-label",
                mid,
                y + FONT - 2.0,
                "middle",
                &t.label,
                false,
            );
            steps.push_str(&format!(
                "<path class=\"igf-arrow{reply}\" d=\"M{} {}H{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"{dash}/>\n",
                n(x1 + dir * BADGE_R),
                n(ay),
                n(x2 - dir * (HEAD - 1.0)),
            ));
            steps.push_str(&format!(
                "<path class=\"igf-head\" d=\"M{} {}l{} {}v{}z\" stroke=\"none\"/>\n",
                n(x2),
                n(ay),
                n(-dir * HEAD),
                n(-HEAD / 2.0),
                n(HEAD),
            ));
            badge(&mut steps, x1, ay, number);
            if !t.protocol.is_empty() {
                text_lines(
                    &mut steps,
                    "igf-protocol",
                    mid,
                    ay + SMALL + 4.0,
                    "middle",
                    &t.protocol,
                    true,
                );
            }
            y =
                ay + if t.protocol.is_empty() {
                    0.0
                } else {
                    6.0 + proto_h
                } + ROW_GAP;
        }
        steps.push_str("</g>\n");
    }
    let bottom_box = y + 2.0;
    let total_h = (bottom_box + BOX_H + MARGIN).ceil();

    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"igf\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"{size}\" fill=\"currentColor\">\n",
        id = escape::html(&d.id),
        w = n(total_w),
        h = n(total_h),
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
    for &x in &xs[..d.participants.len().min(xs.len())] {
        out.push_str(&format!(
            "<path class=\"igf-lifeline\" d=\"M{} {}V{}\"/>\n",
            n(x),
            n(top + BOX_H),
            n(bottom_box)
        ));
    }
    out.push_str("</g>\n");
    for box_y in [top, bottom_box] {
        for (i, p) in d.participants.iter().enumerate() {
            out.push_str(&format!(
                "<g class=\"igf-actor\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dy=\"0.35em\">{}</text></g>\n",
                n(xs[i] - box_w[i] / 2.0),
                n(box_y),
                n(box_w[i]),
                n(BOX_H),
                n(xs[i]),
                n(box_y + BOX_H / 2.0),
                escape::html(&p.name)
            ));
        }
    }
    out.push_str(&steps);
    out.push_str("</svg>");
    out
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

    #[test]
    fn wrapping() {
        assert_eq!(wrap("a b c", 3), vec!["a b", "c"]);
        assert_eq!(wrap("", 3), vec![""]);
        assert_eq!(wrap("abcdef g", 3), vec!["abcdef", "g"]);
        assert_eq!(n(1.25), "1.3");
        assert_eq!(n(2.0), "2");
    }
}
