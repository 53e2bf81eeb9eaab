//! Where a county database is ([`Location`]: a file or a PostgreSQL URL) and how a URL is
//! shown with its password hidden.

use std::path::{Path, PathBuf};

/// Where a county database is: a file, or a PostgreSQL connection string.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display())
    }
}

impl Location {
    /// A `postgres://` or `postgresql://` URL is a server; anything else is a file path.
    pub fn parse(text: &str) -> Location {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Postgres(t.to_string())
        } else {
            Location::File(PathBuf::from(text))
        }
    }

    pub fn from_path(path: &Path) -> Location {
        Location::parse(&path.to_string_lossy())
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }

    /// For messages and screens: the path, or the URL with its password hidden.
    pub fn display(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }
}

/// A connection URL with the password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let masked = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    // `password=` in the query string too.
    let tail: String = match tail.split_once('?') {
        Some((path, query)) => {
            let q: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", q.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{masked}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_tell_servers_from_files_and_hide_passwords() {
        assert!(Location::parse("postgresql://u:secret@h:5432/c").is_postgres());
        assert!(Location::parse(" POSTGRES://h/c").is_postgres());
        assert!(!Location::parse("county.db").is_postgres());
        assert_eq!(
            Location::parse("postgres://clerk:secret@10.0.0.5/county?password=x&sslmode=disable")
                .display(),
            "postgres://clerk:***@10.0.0.5/county?password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://h/c"), "postgres://h/c");
    }
}
