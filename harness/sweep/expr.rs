//! Arithmetic over an experiment's names, for models and derived metrics in labs.toml:
//! `min(backlog, somaxconn) + 1`, `ceil(bytes / recv_size)`, `received + dropped`.
//!
//! Numbers, names, `+ - * /`, parentheses and the functions `min`, `max`, `ceil`, `floor`, `abs`.
//! An expression is parsed once when the file is loaded ([`Expr::parse`]), its names checked against
//! what the experiment defines ([`Expr::names`]), and evaluated once per run ([`Expr::eval`]).

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Name(String),
    Negate(Box<Expr>),
    Binary(char, Box<Expr>, Box<Expr>),
    Call(Function, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Min,
    Max,
    Ceil,
    Floor,
    Abs,
}

impl Function {
    fn named(name: &str) -> Option<Function> {
        Some(match name {
            "min" => Function::Min,
            "max" => Function::Max,
            "ceil" => Function::Ceil,
            "floor" => Function::Floor,
            "abs" => Function::Abs,
            _ => return None,
        })
    }

    /// How many arguments it takes: (at least, at most).
    fn arity(self) -> (usize, usize) {
        match self {
            Function::Min | Function::Max => (1, usize::MAX),
            Function::Ceil | Function::Floor | Function::Abs => (1, 1),
        }
    }
}

impl Expr {
    pub fn parse(text: &str) -> Result<Expr, String> {
        let tokens = tokenize(text)?;
        let mut parser = Parser { tokens, at: 0 };
        let expr = parser.sum()?;
        match parser.tokens.get(parser.at) {
            None => Ok(expr),
            Some(token) => {
                Err(crate::tr!("sweep-expr-unexpected-in", token = token.describe(), text = text.to_owned()))
            }
        }
    }

    /// Every name the expression reads.
    pub fn names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        self.collect_names(&mut names);
        names
    }

    fn collect_names<'a>(&'a self, names: &mut Vec<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Name(name) => names.push(name),
            Expr::Negate(inner) => inner.collect_names(names),
            Expr::Binary(_, left, right) => {
                left.collect_names(names);
                right.collect_names(names);
            }
            Expr::Call(_, arguments) => arguments.iter().for_each(|argument| argument.collect_names(names)),
        }
    }

    /// The value, with `values` for the names; a name without a value is an error naming it.
    pub fn eval(&self, values: &BTreeMap<String, f64>) -> Result<f64, String> {
        Ok(match self {
            Expr::Number(value) => *value,
            Expr::Name(name) => {
                *values.get(name).ok_or_else(|| crate::tr!("sweep-expr-no-value", name = name.clone()))?
            }
            Expr::Negate(inner) => -inner.eval(values)?,
            Expr::Binary(op, left, right) => {
                let (left, right) = (left.eval(values)?, right.eval(values)?);
                match op {
                    '+' => left + right,
                    '-' => left - right,
                    '*' => left * right,
                    _ => left / right,
                }
            }
            Expr::Call(function, arguments) => {
                let arguments = arguments.iter().map(|a| a.eval(values)).collect::<Result<Vec<_>, _>>()?;
                match function {
                    Function::Min => arguments.into_iter().fold(f64::INFINITY, f64::min),
                    Function::Max => arguments.into_iter().fold(f64::NEG_INFINITY, f64::max),
                    Function::Ceil => arguments[0].ceil(),
                    Function::Floor => arguments[0].floor(),
                    Function::Abs => arguments[0].abs(),
                }
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Symbol(char),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Number(value) => crate::tr!("sweep-expr-token-number", value = value.to_string()),
            Token::Name(name) => crate::tr!("sweep-expr-token-name", name = name.clone()),
            Token::Symbol(symbol) => format!("'{symbol}'"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c.is_ascii_digit() || c == '.' {
            let mut end = start;
            while let Some(&(at, c)) = chars.peek() {
                if !(c.is_ascii_digit() || c == '.' || c == '_') {
                    break;
                }
                end = at + c.len_utf8();
                chars.next();
            }
            let digits = text[start..end].replace('_', "");
            let value = digits
                .parse()
                .map_err(|_| crate::tr!("sweep-expr-not-a-number", text = text[start..end].to_owned()))?;
            tokens.push(Token::Number(value));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut end = start;
            while let Some(&(at, c)) = chars.peek() {
                if !(c.is_ascii_alphanumeric() || c == '_') {
                    break;
                }
                end = at + c.len_utf8();
                chars.next();
            }
            tokens.push(Token::Name(text[start..end].to_owned()));
        } else if "+-*/(),".contains(c) {
            tokens.push(Token::Symbol(c));
            chars.next();
        } else {
            return Err(crate::tr!(
                "sweep-expr-unexpected-char",
                char = c.to_string(),
                text = text.to_owned()
            ));
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek_symbol(&self, symbols: &str) -> Option<char> {
        match self.tokens.get(self.at) {
            Some(Token::Symbol(symbol)) if symbols.contains(*symbol) => Some(*symbol),
            _ => None,
        }
    }

    fn expect(&mut self, symbol: char) -> Result<(), String> {
        match self.peek_symbol(&symbol.to_string()) {
            Some(_) => {
                self.at += 1;
                Ok(())
            }
            None => Err(match self.tokens.get(self.at) {
                Some(token) => {
                    crate::tr!(
                        "sweep-expr-expected-found",
                        symbol = symbol.to_string(),
                        found = token.describe()
                    )
                }
                None => crate::tr!("sweep-expr-expected-at-end", symbol = symbol.to_string()),
            }),
        }
    }

    fn sum(&mut self) -> Result<Expr, String> {
        let mut left = self.product()?;
        while let Some(op) = self.peek_symbol("+-") {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.product()?));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while let Some(op) = self.peek_symbol("*/") {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_symbol("-").is_some() {
            self.at += 1;
            return Ok(Expr::Negate(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        let token = self.tokens.get(self.at).cloned().ok_or_else(|| crate::tr!("sweep-expr-ends-early"))?;
        self.at += 1;
        match token {
            Token::Number(value) => Ok(Expr::Number(value)),
            Token::Symbol('(') => {
                let inner = self.sum()?;
                self.expect(')')?;
                Ok(inner)
            }
            Token::Name(name) if self.peek_symbol("(").is_some() => {
                let function = Function::named(&name)
                    .ok_or_else(|| crate::tr!("sweep-expr-unknown-function", name = name.clone()))?;
                self.at += 1;
                let mut arguments = vec![self.sum()?];
                while self.peek_symbol(",").is_some() {
                    self.at += 1;
                    arguments.push(self.sum()?);
                }
                self.expect(')')?;
                let (least, most) = function.arity();
                if arguments.len() < least || arguments.len() > most {
                    let (least, given) = (least.to_string(), arguments.len().to_string());
                    return Err(crate::tr!(
                        "sweep-expr-arguments",
                        name = name.clone(),
                        least = least,
                        given = given
                    ));
                }
                Ok(Expr::Call(function, arguments))
            }
            Token::Name(name) => Ok(Expr::Name(name)),
            other => Err(crate::tr!("sweep-expr-unexpected", token = other.describe())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, values: &[(&str, f64)]) -> f64 {
        let values = values.iter().map(|(name, value)| (name.to_string(), *value)).collect();
        Expr::parse(text).unwrap().eval(&values).unwrap()
    }

    #[test]
    fn arithmetic_follows_the_usual_precedence() {
        assert_eq!(eval("1 + 2 * 3", &[]), 7.0);
        assert_eq!(eval("(1 + 2) * 3", &[]), 9.0);
        assert_eq!(eval("-2 + 10 / 4", &[]), 0.5);
        assert_eq!(eval("1_048_576 / 1024", &[]), 1024.0);
    }

    #[test]
    fn names_and_functions_compute_the_models() {
        assert_eq!(eval("min(backlog, somaxconn) + 1", &[("backlog", 8.0), ("somaxconn", 4096.0)]), 9.0);
        assert_eq!(eval("ceil(bytes / recv_size)", &[("bytes", 1000.0), ("recv_size", 3.0)]), 334.0);
        assert_eq!(eval("max(a, b, 3)", &[("a", 1.0), ("b", 2.0)]), 3.0);
        assert_eq!(Expr::parse("min(a, b) + c").unwrap().names(), vec!["a", "b", "c"]);
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(Expr::parse("1 +").unwrap_err().contains("ends too early"));
        assert!(Expr::parse("sqrt(4)").unwrap_err().contains("unknown function 'sqrt'"));
        assert!(Expr::parse("ceil(1, 2)").unwrap_err().contains("takes 1 argument"));
        assert!(Expr::parse("a % b").unwrap_err().contains("unexpected '%'"));
        assert!(Expr::parse("(a").unwrap_err().contains("expected ')'"));
        let missing = Expr::parse("a + 1").unwrap().eval(&BTreeMap::new()).unwrap_err();
        assert!(missing.contains("'a'"));
    }
}
