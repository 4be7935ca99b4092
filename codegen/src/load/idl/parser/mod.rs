//! The IDL parser: tokens → a syntax tree of one file ([`ParsedFile`]), shape IDs as written.
//!
//! Owns: the statement grammar (control section, metadata, namespace, `use`, every shape kind,
//! members, mixins, `for`, inline `:=` structures named with the operation suffixes, traits,
//! `apply`), documentation comments, and recovery (after an error, skip to the next line that
//! starts a shape statement so that every syntax error of a file is reported). Must not: resolve
//! shape IDs, look at other files, or build JSON (that is [`super::resolve`]).

use super::diag::Span;
use super::lexer::{Tok, Token};
use super::node::Node;
use super::syntax::*;

mod values;

fn is_shape_keyword(word: &str) -> bool {
    SIMPLE_KINDS.contains(&word)
        || AGGREGATE_KINDS.contains(&word)
        || matches!(
            word,
            "enum" | "intEnum" | "service" | "resource" | "operation"
        )
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && !s.contains(['.', '#', '$'])
}

pub struct Parser<'a> {
    tokens: &'a [Token],
    /// Bracket depth before each token (recovery only stops at the top level).
    depth: Vec<i32>,
    pos: usize,
    pub errors: Vec<(Span, String)>,
    input_suffix: String,
    output_suffix: String,
    version: Version,
}

type PResult<T> = Result<T, ()>;

impl<'a> Parser<'a> {
    pub fn new(tokens: &'a [Token]) -> Parser<'a> {
        let mut depth = Vec::with_capacity(tokens.len());
        let mut d: i32 = 0;
        for token in tokens {
            depth.push(d);
            match token.tok {
                Tok::LBrace | Tok::LBracket | Tok::LParen => d = d.saturating_add(1),
                Tok::RBrace | Tok::RBracket | Tok::RParen => d = d.saturating_sub(1),
                _ => {}
            }
        }
        Parser {
            tokens,
            depth,
            pos: 0,
            errors: Vec::new(),
            input_suffix: "Input".into(),
            output_suffix: "Output".into(),
            // A file without `$version` is read as 1.0, as Smithy's own loader does.
            version: Version::V1,
        }
    }

    // ---- token access -------------------------------------------------------------------

    /// Index of the next token that is not a documentation comment (`pos` does not move, so
    /// documentation comments stay for [`Parser::take_docs`]).
    fn lookahead(&self) -> usize {
        let mut i = self.pos;
        while matches!(self.tokens[i].tok, Tok::Doc(_)) {
            i += 1;
        }
        i
    }

    pub(super) fn peek(&self) -> &Tok {
        &self.tokens[self.lookahead()].tok
    }

    fn peek_token(&self) -> &Token {
        &self.tokens[self.lookahead()]
    }

    /// The token after the next one (documentation comments skipped).
    fn peek_second(&self) -> &Tok {
        let mut i = self.lookahead() + 1;
        while i < self.tokens.len() && matches!(self.tokens[i].tok, Tok::Doc(_)) {
            i += 1;
        }
        &self.tokens[i.min(self.tokens.len() - 1)].tok
    }

    pub(super) fn next(&mut self) -> Token {
        let i = self.lookahead();
        let token = self.tokens[i].clone();
        self.pos = if token.tok == Tok::Eof { i } else { i + 1 };
        token
    }

    pub(super) fn at_eof(&self) -> bool {
        *self.peek() == Tok::Eof
    }

    pub(super) fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == tok {
            self.next();
            true
        } else {
            false
        }
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Tok::Ident(w) if w == word)
    }

    pub(super) fn error_at(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push((span, message.into()));
    }

    pub(super) fn error_here(&mut self, message: impl Into<String>) {
        let span = self.peek_token().span;
        self.error_at(span, message);
    }

    /// Reports what was found where `what` was expected.
    fn unexpected(&mut self, what: &str) {
        let token = self.peek_token().clone();
        let message = match &token.tok {
            Tok::Error(message) => message.clone(),
            Tok::Eof => format!("expected {what}, found the end of the file"),
            other => format!("expected {what}, found {}", describe(other)),
        };
        self.error_at(token.span, message);
    }

    pub(super) fn expect(&mut self, tok: &Tok, what: &str) -> PResult<Span> {
        if self.peek() == tok {
            Ok(self.next().span)
        } else {
            self.unexpected(what);
            Err(())
        }
    }

    /// A shape ID as written (relative or absolute, maybe with `$member`).
    fn shape_id(&mut self, what: &str) -> PResult<(String, Span)> {
        if let Tok::Ident(id) = self.peek() {
            let id = id.clone();
            let span = self.next().span;
            Ok((id, span))
        } else {
            self.unexpected(what);
            Err(())
        }
    }

    /// A plain identifier (no namespace, no member).
    fn identifier(&mut self, what: &str) -> PResult<(String, Span)> {
        let (id, span) = self.shape_id(what)?;
        if !is_identifier(&id) {
            self.error_at(span, format!("expected {what}, found the shape ID `{id}`"));
            return Err(());
        }
        Ok((id, span))
    }

    /// Consecutive documentation comment lines at the current position, joined.
    fn take_docs(&mut self) -> Option<String> {
        let mut lines = Vec::new();
        while let Tok::Doc(line) = &self.tokens[self.pos].tok {
            lines.push(line.clone());
            self.pos += 1;
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// After an error: skips to the next line starting a shape or apply statement.
    fn recover(&mut self) {
        loop {
            let token = &self.tokens[self.pos];
            if token.tok == Tok::Eof {
                return;
            }
            if token.newline_before {
                if let Tok::Ident(word) = &token.tok {
                    let next = self.tokens.get(self.pos + 1).map(|t| &t.tok);
                    if (is_shape_keyword(word) || word == "apply")
                        && matches!(next, Some(Tok::Ident(_)))
                    {
                        return;
                    }
                }
                if matches!(token.tok, Tok::At | Tok::Doc(_)) {
                    // A trait or documentation comment at the start of a line outside any
                    // brackets begins the next statement.
                    if self.depth_is_top(self.pos) {
                        return;
                    }
                }
            }
            self.pos += 1;
        }
    }

    fn depth_is_top(&self, pos: usize) -> bool {
        self.depth[pos] <= 0
    }

    // ---- file ---------------------------------------------------------------------------

    pub fn parse_file(&mut self) -> ParsedFile {
        let mut file = ParsedFile {
            version: Version::V1,
            namespace: None,
            uses: Vec::new(),
            metadata: Vec::new(),
            shapes: Vec::new(),
            applies: Vec::new(),
        };
        let mut version_seen = false;
        while let Tok::DollarIdent(key) = self.peek().clone() {
            let start = self.lookahead();
            let key_span = self.next().span;
            if self
                .control_statement(&key, key_span, &mut file, &mut version_seen)
                .is_err()
            {
                self.recover_line(start);
            }
        }
        while self.is_word("metadata") {
            let first = self.lookahead();
            let start = self.next().span;
            let result = (|| {
                let (key, _) = self.object_key()?;
                self.expect(&Tok::Eq, "`=` after the metadata key")?;
                let value = self.node(0)?;
                file.metadata.push((key, value, start));
                Ok::<(), ()>(())
            })();
            if result.is_err() {
                self.recover_line(first);
            }
        }
        if self.is_word("namespace") {
            self.next();
            if let Ok((ns, span)) = self.shape_id("a namespace") {
                if ns.contains(['#', '$']) {
                    self.error_at(span, format!("`{ns}` is not a namespace"));
                }
                file.namespace = Some((ns, span));
            }
        }
        while self.is_word("use") {
            self.next();
            if let Ok((id, span)) = self.shape_id("an absolute shape ID after `use`") {
                if !id.contains('#') || id.contains('$') {
                    self.error_at(
                        span,
                        format!("`use` needs an absolute shape ID (namespace#Name), found `{id}`"),
                    );
                } else {
                    file.uses.push((id, span));
                }
            }
        }
        while !self.at_eof() {
            let before = self.pos;
            if self.statement(&mut file).is_err() {
                self.recover();
            }
            if self.pos == before {
                // Nothing was consumed: skip one token so that parsing always ends.
                self.pos += 1;
                self.recover();
            }
        }
        file
    }

    /// Skips to the first line after the statement that began at token `start` (errors in
    /// the control and metadata sections).
    fn recover_line(&mut self, start: usize) {
        while self.tokens[self.pos].tok != Tok::Eof
            && !(self.pos > start && self.tokens[self.pos].newline_before)
        {
            self.pos += 1;
        }
    }

    fn control_statement(
        &mut self,
        key: &str,
        key_span: Span,
        file: &mut ParsedFile,
        version_seen: &mut bool,
    ) -> PResult<()> {
        self.expect(&Tok::Colon, "`:` after the control statement key")?;
        let value_span = self.peek_token().span;
        let value = self.node(0)?;
        match (key, value) {
            ("version", Node::Str(v)) => {
                if *version_seen {
                    self.error_at(key_span, "`$version` is given more than once");
                }
                *version_seen = true;
                let well_formed = {
                    let (major, minor) = v.split_once('.').unwrap_or((v.as_str(), "0"));
                    [major, minor]
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                };
                file.version = match v.split('.').next() {
                    Some("1") if well_formed => Version::V1,
                    Some("2") if well_formed => Version::V2,
                    _ => {
                        self.error_at(
                            value_span,
                            format!("unsupported IDL version `{v}` (expected \"1.0\" or \"2.0\")"),
                        );
                        Version::V2
                    }
                };
                self.version = file.version;
            }
            ("operationInputSuffix", Node::Str(s)) => self.input_suffix = s,
            ("operationOutputSuffix", Node::Str(s)) => self.output_suffix = s,
            ("version" | "operationInputSuffix" | "operationOutputSuffix", _) => {
                self.error_at(value_span, format!("`${key}` must be a string"));
            }
            // Unknown control statements are ignored, as Smithy does (it warns).
            _ => {}
        }
        Ok(())
    }

    fn statement(&mut self, file: &mut ParsedFile) -> PResult<()> {
        let docs = self.take_docs();
        let traits = self.traits()?;
        let token = self.peek_token().clone();
        let Tok::Ident(word) = &token.tok else {
            if let Tok::DollarIdent(_) = token.tok {
                self.error_at(
                    token.span,
                    "control statements (`$name: value`) must come before everything else",
                );
            } else {
                self.unexpected("a shape definition or `apply`");
            }
            return Err(());
        };
        let word = word.clone();
        if word == "apply" {
            self.next();
            if !traits.is_empty() || docs.is_some() {
                self.error_at(
                    token.span,
                    "`apply` statements cannot have traits before them",
                );
            }
            return self.apply(file);
        }
        if matches!(word.as_str(), "metadata" | "namespace" | "use") {
            self.error_at(
                token.span,
                format!("`{word}` statements must come before the shape definitions"),
            );
            self.next();
            return Err(());
        }
        if !is_shape_keyword(&word) {
            self.unexpected("a shape type (structure, string, list, service, …) or `apply`");
            return Err(());
        }
        self.next();
        if file.namespace.is_none() {
            self.error_at(
                token.span,
                "a namespace statement must come before the shapes",
            );
        }
        let (name, span) = self.identifier("the shape name")?;
        let mut shape = ShapeDef {
            name,
            span,
            kind: word.clone(),
            docs,
            traits,
            mixins: Vec::new(),
            for_resource: None,
            members: Vec::new(),
            props: Vec::new(),
        };
        match word.as_str() {
            "enum" | "intEnum" => {
                self.require_v2(token.span, &format!("an `{word}` shape"));
                self.mixins(&mut shape)?;
                self.enum_members(&mut shape)?;
            }
            "list" | "set" | "map" | "structure" | "union" => {
                if self.is_word("for") {
                    let span = self.next().span;
                    self.require_v2(span, "`for` (target elision)");
                    shape.for_resource = Some(self.shape_id("a resource after `for`")?);
                }
                self.mixins(&mut shape)?;
                self.members(&mut shape)?;
            }
            "service" | "resource" => {
                self.mixins(&mut shape)?;
                self.entity_body(&mut shape)?;
            }
            "operation" => {
                self.mixins(&mut shape)?;
                self.operation_body(&mut shape, file)?;
            }
            _ => self.mixins(&mut shape)?,
        }
        file.shapes.push(shape);
        Ok(())
    }

    fn apply(&mut self, file: &mut ParsedFile) -> PResult<()> {
        let (target, span) = self.shape_id("the shape to apply traits to")?;
        let traits = if self.eat(&Tok::LBrace) {
            let traits = self.traits()?;
            self.expect(&Tok::RBrace, "`}` after the applied traits")?;
            traits
        } else if *self.peek() == Tok::At {
            let mut one = self.traits_limit(Some(1))?;
            one.truncate(1);
            one
        } else {
            self.unexpected("a trait (`@name`) or `{` after the apply target");
            return Err(());
        };
        file.applies.push(ApplyDef {
            target,
            span,
            traits,
        });
        Ok(())
    }

    /// IDL 2.0 syntax used in a 1.0 file is an error (after which parsing goes on).
    fn require_v2(&mut self, span: Span, what: &str) {
        if self.version == Version::V1 {
            self.error_at(
                span,
                format!("{what} needs IDL 2.0; this file declares `$version: \"1.0\"`"),
            );
        }
    }

    // ---- traits -------------------------------------------------------------------------

    fn traits(&mut self) -> PResult<Vec<TraitApp>> {
        self.traits_limit(None)
    }

    fn traits_limit(&mut self, limit: Option<usize>) -> PResult<Vec<TraitApp>> {
        let mut traits = Vec::new();
        while *self.peek() == Tok::At && !matches!(limit, Some(l) if traits.len() >= l) {
            let at = self.next().span;
            let (id, id_span) = self.shape_id("a trait name after `@`")?;
            let span = Span::new(at.start, id_span.end);
            let value = if *self.peek() == Tok::LParen {
                self.next();
                self.trait_body()?
            } else {
                TraitValue::Annotation
            };
            traits.push(TraitApp { id, span, value });
        }
        Ok(traits)
    }

    /// The inside of `( … )`, the `(` already consumed.
    fn trait_body(&mut self) -> PResult<TraitValue> {
        if self.eat(&Tok::RParen) {
            return Ok(TraitValue::Annotation);
        }
        let structured =
            matches!(self.peek(), Tok::Ident(_) | Tok::Str(_)) && *self.peek_second() == Tok::Colon;
        if !structured {
            let value = self.node(0)?;
            self.expect(&Tok::RParen, "`)` to close the trait value")?;
            return Ok(TraitValue::Node(value));
        }
        let mut entries: Vec<(String, Node)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        loop {
            if self.eat(&Tok::RParen) {
                return Ok(TraitValue::Structured(entries));
            }
            if self.at_eof() {
                self.unexpected("`)` to close the trait value");
                return Err(());
            }
            let (key, span) = self.object_key()?;
            self.expect(&Tok::Colon, "`:` after the key")?;
            let value = self.node(1)?;
            if !seen.insert(key.clone()) {
                self.error_at(span, format!("duplicate key `{key}` in the trait value"));
            }
            entries.push((key, value));
        }
    }

    // ---- shape bodies -------------------------------------------------------------------

    fn mixins(&mut self, shape: &mut ShapeDef) -> PResult<()> {
        if !self.is_word("with") {
            return Ok(());
        }
        let span = self.next().span;
        self.require_v2(span, "`with` (mixins)");
        self.expect(&Tok::LBracket, "`[` after `with`")?;
        loop {
            if self.eat(&Tok::RBracket) {
                return Ok(());
            }
            let id = self.shape_id("a mixin shape ID or `]`")?;
            shape.mixins.push(id);
        }
    }

    fn members(&mut self, shape: &mut ShapeDef) -> PResult<()> {
        self.expect(&Tok::LBrace, "`{` to open the members")?;
        let mut seen = std::collections::HashMap::new();
        loop {
            let docs = self.take_docs();
            let traits = self.traits()?;
            let token = self.peek_token().clone();
            let (name, target) = match &token.tok {
                Tok::RBrace if traits.is_empty() => {
                    self.next();
                    return Ok(());
                }
                Tok::DollarIdent(name) => {
                    self.next();
                    self.require_v2(token.span, "an elided member (`$name`)");
                    (name.clone(), None)
                }
                Tok::Ident(name) if is_identifier(name) => {
                    self.next();
                    self.expect(&Tok::Colon, "`:` and the member's target")?;
                    let target = self.shape_id("the member's target shape")?;
                    (name.clone(), Some(target))
                }
                _ => {
                    self.unexpected("a member name or `}`");
                    return Err(());
                }
            };
            let value = if *self.peek() == Tok::Eq {
                let span = self.next().span;
                self.require_v2(span, "a default value (`= value`)");
                Some(self.node(0)?)
            } else {
                None
            };
            self.push_member(
                shape,
                &mut seen,
                MemberDef {
                    name,
                    span: token.span,
                    target,
                    value,
                    docs,
                    traits,
                },
            );
        }
    }

    /// Adds a member unless one of the same name (ignoring case) exists; `seen` maps the
    /// lower-cased names to the names as written.
    fn push_member(
        &mut self,
        shape: &mut ShapeDef,
        seen: &mut std::collections::HashMap<String, String>,
        member: MemberDef,
    ) {
        match seen.get(&member.name.to_ascii_lowercase()) {
            Some(other) => {
                let message = if *other == member.name {
                    format!("the member `{}` is defined twice", member.name)
                } else {
                    format!(
                        "the member `{}` differs from `{other}` only in case; member names must differ ignoring case",
                        member.name
                    )
                };
                self.error_at(member.span, message);
            }
            None => {
                seen.insert(member.name.to_ascii_lowercase(), member.name.clone());
                shape.members.push(member);
            }
        }
    }

    fn enum_members(&mut self, shape: &mut ShapeDef) -> PResult<()> {
        self.expect(&Tok::LBrace, "`{` to open the enum members")?;
        let mut seen = std::collections::HashMap::new();
        loop {
            let docs = self.take_docs();
            let traits = self.traits()?;
            let token = self.peek_token().clone();
            let name = match &token.tok {
                Tok::RBrace if traits.is_empty() => {
                    self.next();
                    return Ok(());
                }
                Tok::Ident(name) if is_identifier(name) => name.clone(),
                _ => {
                    self.unexpected("an enum member name or `}`");
                    return Err(());
                }
            };
            self.next();
            let value = if self.eat(&Tok::Eq) {
                Some(self.node(0)?)
            } else {
                None
            };
            self.push_member(
                shape,
                &mut seen,
                MemberDef {
                    name,
                    span: token.span,
                    target: None,
                    value,
                    docs,
                    traits,
                },
            );
        }
    }

    fn entity_body(&mut self, shape: &mut ShapeDef) -> PResult<()> {
        let start = self.peek_token().span;
        if *self.peek() != Tok::LBrace {
            self.unexpected("`{` to open the shape's properties");
            return Err(());
        }
        let Node::Object(entries) = self.node(0)? else {
            self.error_at(start, "expected an object of properties");
            return Err(());
        };
        let allowed: &[&str] = if shape.kind == "service" {
            &["version", "operations", "resources", "errors", "rename"]
        } else {
            &[
                "identifiers",
                "properties",
                "create",
                "put",
                "read",
                "update",
                "delete",
                "list",
                "operations",
                "collectionOperations",
                "resources",
            ]
        };
        for (key, value) in entries {
            if !allowed.contains(&key.as_str()) {
                self.error_at(
                    start,
                    format!(
                        "unknown {} property `{key}` (expected one of: {})",
                        shape.kind,
                        allowed.join(", ")
                    ),
                );
                continue;
            }
            shape.props.push((key, value, start));
        }
        Ok(())
    }

    fn operation_body(&mut self, shape: &mut ShapeDef, file: &mut ParsedFile) -> PResult<()> {
        self.expect(&Tok::LBrace, "`{` to open the operation")?;
        loop {
            if self.eat(&Tok::RBrace) {
                return Ok(());
            }
            let (key, key_span) = self.identifier("`input`, `output`, `errors` or `}`")?;
            let duplicate = shape.props.iter().any(|(k, _, _)| *k == key);
            if duplicate {
                self.error_at(key_span, format!("`{key}` is given twice"));
            }
            match key.as_str() {
                "input" | "output" if *self.peek() == Tok::Walrus => {
                    let span = self.next().span;
                    self.require_v2(span, "an inline structure (`:=`)");
                    let suffix = if key == "input" {
                        &self.input_suffix
                    } else {
                        &self.output_suffix
                    };
                    let name = format!("{}{suffix}", shape.name);
                    let docs = self.take_docs();
                    let mut traits = self.traits()?;
                    let marker = format!("smithy.api#{key}");
                    if !traits.iter().any(|t| t.id == key || t.id == marker) {
                        traits.push(TraitApp {
                            id: marker,
                            span: key_span,
                            value: TraitValue::Annotation,
                        });
                    }
                    let mut inline = ShapeDef {
                        name: name.clone(),
                        span: key_span,
                        kind: "structure".into(),
                        docs,
                        traits,
                        mixins: Vec::new(),
                        for_resource: None,
                        members: Vec::new(),
                        props: Vec::new(),
                    };
                    if self.is_word("for") {
                        self.next();
                        inline.for_resource = Some(self.shape_id("a resource after `for`")?);
                    }
                    self.mixins(&mut inline)?;
                    self.members(&mut inline)?;
                    file.shapes.push(inline);
                    if !duplicate {
                        shape.props.push((key, Node::Id(name, key_span), key_span));
                    }
                }
                "input" | "output" | "errors" => {
                    self.expect(&Tok::Colon, "`:` (or `:=` for an inline structure)")?;
                    let value = self.node(0)?;
                    if !duplicate {
                        shape.props.push((key, value, key_span));
                    }
                }
                _ => {
                    self.error_at(
                        key_span,
                        format!(
                            "unknown operation property `{key}` (expected input, output or errors)"
                        ),
                    );
                    return Err(());
                }
            }
        }
    }
}

/// A token as the user wrote it, for "found …" in messages.
fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::DollarIdent(s) => format!("`${s}`"),
        Tok::Str(_) => "a string".into(),
        Tok::Number(n) => format!("the number `{n}`"),
        Tok::Doc(_) => "a documentation comment".into(),
        Tok::At => "`@`".into(),
        Tok::LBrace => "`{`".into(),
        Tok::RBrace => "`}`".into(),
        Tok::LBracket => "`[`".into(),
        Tok::RBracket => "`]`".into(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Colon => "`:`".into(),
        Tok::Walrus => "`:=`".into(),
        Tok::Eq => "`=`".into(),
        Tok::Error(message) => message.clone(),
        Tok::Eof => "the end of the file".into(),
    }
}
