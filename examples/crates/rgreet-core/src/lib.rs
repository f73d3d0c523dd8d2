//! Greetings, formatted.

/// Settings read from a `key = value` config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub greeting: String,
    pub punctuation: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { greeting: "Hello".into(), punctuation: "!".into() }
    }
}

/// Parses `key = value` lines; `#` starts a comment; unknown keys are ignored.
pub fn parse_settings(text: &str) -> Settings {
    let mut s = Settings::default();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some((k, v)) = line.split_once('=') {
            let v = v.trim().trim_matches('"').to_string();
            match k.trim() {
                "greeting" => s.greeting = v,
                "punctuation" => s.punctuation = v,
                _ => {}
            }
        }
    }
    s
}

/// The greeting for `name`.
pub fn greet(settings: &Settings, name: &str) -> String {
    format!("{}, {}{}", settings.greeting, name, settings.punctuation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_with_defaults() {
        assert_eq!(greet(&Settings::default(), "Ferris"), "Hello, Ferris!");
    }

    #[test]
    fn reads_settings() {
        let s = parse_settings("greeting = \"Hi\" # short\npunctuation = ?\n");
        assert_eq!(greet(&s, "you"), "Hi, you?");
    }
}
