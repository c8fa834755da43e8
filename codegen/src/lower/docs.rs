//! Model documentation (HTML) to Markdown that rustdoc renders without
//! warnings. htmd parses the HTML (html5ever) and writes escaped Markdown;
//! this module adds what rustdoc needs beyond CommonMark: no link it would
//! try to resolve as an intra-doc link, no bare URL, no untagged code block
//! (rustdoc would compile it as a doctest), no emphasis markers inside code.
//! See `docs/html-to-markdown.md` for the comparison with the hand-written
//! converter this replaced.

use std::rc::Rc;
use std::sync::OnceLock;

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BrStyle, BulletListMarker, Options};
use htmd::{Element, HtmlToMarkdown, Node};
use markup5ever_rcdom::NodeData;

/// Converts one documentation string.
pub fn html_to_markdown(html: &str) -> String {
    static CONVERTER: OnceLock<HtmlToMarkdown> = OnceLock::new();
    // html5ever accepts any text, so this never fails for a `&str`; an empty
    // result makes the emitters write their fallback sentence instead.
    let markdown = CONVERTER.get_or_init(converter).convert(html).unwrap_or_default();
    let mut out = String::with_capacity(markdown.len() + 16);
    for (i, line) in markdown.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        wrap_bare_urls(line.trim_end(), &mut out);
    }
    out.trim().to_string()
}

fn converter() -> HtmlToMarkdown {
    let options = Options {
        bullet_list_marker: BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        // A backslash survives the trailing-space trim; two spaces would not.
        br_style: BrStyle::Backslash,
        ..Options::default()
    };
    HtmlToMarkdown::builder()
        .options(options)
        .add_handler(vec!["i", "em", "b", "strong"], |h: &dyn Handlers, e: Element| {
            // Markers inside a code span would be shown literally.
            if inside_code(e.node) { Some(h.walk_children(e.node)) } else { h.fallback(e) }
        })
        .add_handler(vec!["code"], |h: &dyn Handlers, e: Element| {
            // Placeholders such as `<code><Expression 1></code>` parse as an
            // element and would leave an empty code span behind.
            if h.walk_children(e.node).content.trim().is_empty() { None } else { h.fallback(e) }
        })
        .add_handler(vec!["a"], anchor)
        .add_handler(vec!["pre"], |_: &dyn Handlers, e: Element| Some(text_block(e.node)))
        .build()
}

/// Links to web pages only: a relative or fragment link would be read by
/// rustdoc as an intra-doc link and fail to resolve, so it keeps its text.
fn anchor(h: &dyn Handlers, e: Element) -> Option<HandlerResult> {
    let href = e.attrs.iter().find(|a| &*a.name.local == "href").map(|a| a.value.to_string());
    match href {
        Some(href) if href.trim() == href && href.starts_with("http") => h.fallback(e),
        // htmd would keep the spaces of `href="https://x "` inside `<...>`.
        Some(href) if href.trim().starts_with("http") => {
            let text = h.walk_children(e.node).content;
            Some(format!("[{}]({})", text.trim(), href.trim()).into())
        }
        _ => Some(h.walk_children(e.node)),
    }
}

/// `<pre>` as a fenced block tagged `text`: an untagged block would be
/// compiled as a Rust doctest.
fn text_block(node: &Rc<Node>) -> HandlerResult {
    let mut text = String::new();
    collect_text(node, &mut text);
    let text = text.trim_matches('\n');
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("\n\n{fence}text\n{text}\n{fence}\n\n").into()
}

fn collect_text(node: &Rc<Node>, out: &mut String) {
    if let NodeData::Text { contents } = &node.data {
        out.push_str(&contents.borrow());
    }
    for child in node.children.borrow().iter() {
        collect_text(child, out);
    }
}

fn inside_code(node: &Rc<Node>) -> bool {
    let mut parent = parent_of(node);
    while let Some(p) = parent {
        if let NodeData::Element { name, .. } = &p.data
            && matches!(&*name.local, "code" | "pre")
        {
            return true;
        }
        parent = parent_of(&p);
    }
    false
}

/// The parent of a node; `Cell` only lends its value by taking it out.
fn parent_of(node: &Rc<Node>) -> Option<Rc<Node>> {
    let weak = node.parent.take();
    let parent = weak.as_ref().and_then(|w| w.upgrade());
    node.parent.set(weak);
    parent
}

/// Wraps URLs in running text in `<>` (rustdoc::bare_urls); code spans, link
/// text, link destinations and autolinks are left alone.
fn wrap_bare_urls(line: &str, out: &mut String) {
    let b = line.as_bytes();
    let mut i = 0;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'\\' if i + 1 < b.len() => {
                let next = line[i + 1..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&line[i..i + 1 + next]);
                i += 1 + next;
                continue;
            }
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = &line[i..i + run];
                if let Some(end) = line[i + run..].find(fence) {
                    let stop = i + run + end + run;
                    out.push_str(&line[i..stop]);
                    i = stop;
                    continue;
                }
            }
            b'[' | b'<' => depth += 1,
            b'(' if depth > 0 || (i > 0 && b[i - 1] == b']') => depth += 1,
            b']' | b'>' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && (line[i..].starts_with("https://") || line[i..].starts_with("http://")) {
            let end = line[i..].find(|c: char| c.is_whitespace() || c == '<' || c == '>').map_or(line.len(), |e| i + e);
            let url = line[i..end].trim_end_matches(['.', ',', ';', ':', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            i += url.len();
            continue;
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    #[test]
    fn paragraphs_links_and_code() {
        assert_eq!(
            md("<p>The <code>Id</code> of a <a href=\"https://example.com/x\">user</a>.</p><p>Second.</p>"),
            "The `Id` of a [user](https://example.com/x).\n\nSecond."
        );
    }

    #[test]
    fn lists() {
        assert_eq!(md("<ul><li>one</li><li>two</li></ul>"), "- one\n- two");
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
        // Paragraphs inside items stay inside them, numbers included.
        assert_eq!(md("<ol><li><p>a</p><p>more</p></li><li><p>b</p></li></ol>"), "1. a\n\n   more\n\n2. b");
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(md("Use [brackets] and &lt;tags&gt; and a_b"), "Use \\[brackets\\] and \\<tags> and a\\_b");
    }

    #[test]
    fn bare_urls_are_wrapped_outside_code_and_links() {
        assert_eq!(md("see https://example.com/a."), "see <https://example.com/a>.");
        assert_eq!(md("(see https://example.com/a)"), "(see <https://example.com/a>)");
        assert_eq!(md("<code>https://example.com/a</code>"), "`https://example.com/a`");
        assert_eq!(
            md("<a href=\"https://example.com/a\">https://example.com/a</a>"),
            "[https://example.com/a](https://example.com/a)"
        );
    }

    #[test]
    fn emphasis_with_inner_spaces_still_renders() {
        assert_eq!(md("in the <i> Guide</i>."), "in the *Guide*.");
        assert_eq!(md("<b>PUT </b>and"), "**PUT** and");
    }

    #[test]
    fn no_markers_or_empty_spans_inside_code() {
        assert_eq!(md("be <code>alias/<i>MyAlias</i></code>."), "be `alias/MyAlias`.");
        assert_eq!(md("under <code><Expression 1></code> for"), "under for");
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
    }

    #[test]
    fn only_web_links_become_links() {
        assert_eq!(md("see <a href=\"#Section\">Section</a>"), "see Section");
        assert_eq!(md("see <a href=\"CreateUser\">CreateUser</a>"), "see CreateUser");
        assert_eq!(md("see <a href=\"https://example.com/a \">this</a>"), "see [this](https://example.com/a)");
    }

    #[test]
    fn preformatted_text_is_a_text_block() {
        assert_eq!(
            md("<p>Example:</p><pre><code>{\n  \"a\": 1\n}</code></pre>"),
            "Example:\n\n```text\n{\n  \"a\": 1\n}\n```"
        );
    }
}
