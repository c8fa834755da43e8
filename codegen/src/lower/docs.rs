//! Model documentation (HTML) to Markdown that rustdoc renders without
//! warnings: tags become Markdown, text that rustdoc would read as links or
//! HTML is escaped, bare URLs are wrapped.

/// Converts one documentation string.
pub fn html_to_markdown(html: &str) -> String {
    let mut out = Out::default();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            if let Some(end) = after.find('>') {
                let tag = &after[..end];
                if is_tag(tag) {
                    out.tag(tag);
                    rest = &after[end + 1..];
                    continue;
                }
            }
            out.text("<");
            rest = after;
            continue;
        }
        let next = rest.find('<').unwrap_or(rest.len());
        out.text(&decode_entities(&rest[..next]));
        rest = &rest[next..];
    }
    out.finish()
}

fn is_tag(tag: &str) -> bool {
    let t = tag.trim_start_matches('/');
    t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[derive(Default)]
struct Out {
    text: String,
    /// Open list kinds: `None` for `ul`, `Some(n)` for the next `ol` number.
    lists: Vec<Option<u32>>,
    href: Vec<Option<String>>,
    code: usize,
    pre: usize,
}

impl Out {
    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let body = tag.trim_start_matches('/').trim_end_matches('/');
        let name: String = body.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("p" | "div" | "note" | "important" | "dl" | "section", false) => self.block(),
            ("p" | "div" | "note" | "important" | "dl" | "section", true) => self.block(),
            ("br", _) => self.newline(),
            ("ul", false) => {
                self.block();
                self.lists.push(None);
            }
            ("ol", false) => {
                self.block();
                self.lists.push(Some(1));
            }
            ("ul" | "ol", true) => {
                self.lists.pop();
                self.block();
            }
            ("li", false) => {
                self.newline();
                let depth = self.lists.len().saturating_sub(1);
                self.text.push_str(&"  ".repeat(depth));
                match self.lists.last_mut() {
                    Some(Some(n)) => {
                        self.text.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => self.text.push_str("- "),
                }
            }
            ("li", true) => self.newline(),
            ("dt", false) => self.block(),
            ("dt", true) | ("dd", true) => self.newline(),
            ("dd", false) => self.newline(),
            ("code", false) if self.pre == 0 => {
                self.code += 1;
                if self.code == 1 {
                    self.text.push('`');
                }
            }
            ("code", true) if self.pre == 0 => {
                if self.code == 1 {
                    self.trim_trailing_space_in_code();
                    self.text.push('`');
                }
                self.code = self.code.saturating_sub(1);
            }
            ("pre", false) => {
                self.block();
                self.text.push_str("```text\n");
                self.pre += 1;
            }
            ("pre", true) => {
                self.pre = self.pre.saturating_sub(1);
                if !self.text.ends_with('\n') {
                    self.text.push('\n');
                }
                self.text.push_str("```");
                self.block();
            }
            ("b" | "strong", _) if self.code == 0 && self.pre == 0 => self.text.push_str("**"),
            ("i" | "em", _) if self.code == 0 && self.pre == 0 => self.text.push('_'),
            ("a", false) => {
                let href = attr(body, "href").filter(|h| h.starts_with("http"));
                if href.is_some() && self.code == 0 && self.pre == 0 {
                    self.text.push('[');
                }
                self.href.push(href);
            }
            ("a", true) => {
                if let Some(Some(href)) = self.href.pop() {
                    if self.code == 0 && self.pre == 0 {
                        self.text.push_str(&format!("]({href})"));
                    }
                }
            }
            _ => {}
        }
    }

    fn trim_trailing_space_in_code(&mut self) {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
    }

    fn text(&mut self, s: &str) {
        if self.pre > 0 {
            self.text.push_str(&s.replace("```", "'''"));
            return;
        }
        let collapsed = collapse_ws(s);
        if self.code > 0 {
            let t = collapsed.replace('`', "'");
            if self.text.ends_with('`') && t.starts_with(' ') {
                self.text.push_str(t.trim_start());
            } else {
                self.text.push_str(&t);
            }
            return;
        }
        let at_line_start = self.text.is_empty() || self.text.ends_with('\n') || self.text.ends_with("- ");
        let t = if at_line_start { collapsed.trim_start().to_string() } else { collapsed };
        let in_link = self.href.last().is_some_and(Option::is_some);
        self.text.push_str(&escape_markdown(&t, in_link));
    }

    fn at_list_marker(&self) -> bool {
        let line = self.text.rsplit('\n').next().unwrap_or("").trim_start();
        line == "-" || line == "- " || (line.ends_with(". ") && line[..line.len() - 2].chars().all(|c| c.is_ascii_digit()) && line.len() > 2)
    }

    fn newline(&mut self) {
        if self.at_list_marker() {
            return;
        }
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn block(&mut self) {
        if self.at_list_marker() {
            return;
        }
        self.newline();
        if !self.text.is_empty() && !self.text.ends_with("\n\n") && self.lists.is_empty() {
            self.text.push('\n');
        }
    }

    fn finish(self) -> String {
        let mut lines: Vec<String> = self.text.lines().map(|l| l.trim_end().to_string()).collect();
        // Drop blank runs and stray emphasis markers left by empty tags.
        lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
        let joined = lines.join("\n").replace("****", "").replace("``", "");
        joined.trim().to_string()
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let i = tag.find(&format!("{name}="))?;
    let rest = &tag[i + name.len() + 1..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(rest[1..1 + end].trim().to_string())
    } else {
        Some(rest.split_whitespace().next()?.to_string())
    }
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// Escapes what rustdoc would otherwise read as links, HTML, emphasis or
/// code, and wraps bare URLs so rustdoc does not warn about them.
fn escape_markdown(s: &str, in_link: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if !in_link && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest.find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>' || c == ')').unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' | ']' | '<' | '>' | '*' | '_' | '`' | '\\' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
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
        assert_eq!(md("<ul><li><p>one</p></li><li>two</li></ul>"), "- one\n- two");
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
    }

    #[test]
    fn escapes_what_rustdoc_would_misread() {
        assert_eq!(md("Use [brackets] and &lt;tags&gt; and a_b"), "Use \\[brackets\\] and \\<tags\\> and a\\_b");
        assert_eq!(md("see https://example.com/a."), "see <https://example.com/a>.");
    }
}
