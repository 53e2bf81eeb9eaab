//! 代码校验 — check characters of the codes a report carries.

/// The 31 characters of GB 32100-2015 (no I, O, Z, S, V).
const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights 3^(i−1) mod 31 for positions 1–17.
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a 统一社会信用代码 is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccProblem {
    /// Not 18 characters.
    Length(usize),
    /// A character outside the alphabet, at 1-based position.
    Character(usize, char),
    /// The 18th character is not the check character.
    Check { expected: char, found: char },
}

impl std::fmt::Display for UsccProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UsccProblem::Length(n) => write!(f, "应为18位，实为{n}位"),
            UsccProblem::Character(pos, c) => {
                write!(f, "第{pos}位“{c}”不是有效字符（不使用I、O、Z、S、V）")
            }
            UsccProblem::Check { expected, found } => {
                write!(f, "校验位应为“{expected}”，实为“{found}”")
            }
        }
    }
}

/// Checks a 统一社会信用代码 (GB 32100-2015): alphabet, length and check character.
pub fn uscc_check(code: &str) -> Result<(), UsccProblem> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(UsccProblem::Length(chars.len()));
    }
    let mut values = [0u32; 18];
    for (i, c) in chars.iter().enumerate() {
        values[i] = USCC_ALPHABET
            .find(*c)
            .map(|v| v as u32)
            .ok_or(UsccProblem::Character(i + 1, *c))?;
    }
    let sum: u32 = values.iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = ((31 - sum % 31) % 31) as usize;
    let expected = USCC_ALPHABET.chars().nth(check).unwrap_or('0');
    if chars[17] == expected {
        Ok(())
    } else {
        Err(UsccProblem::Check {
            expected,
            found: chars[17],
        })
    }
}

/// Checks the 组织机构代码 embedded at positions 9–17 (GB 11714): weights 3 7 9 10 5 8 4 2,
/// C = 11 − Σ mod 11, 10 → X, 11 → 0. Legacy and individual registrations may not conform, so
/// callers treat a failure as a warning.
pub fn org_code_check(uscc: &str) -> bool {
    let chars: Vec<char> = uscc.chars().collect();
    if chars.len() != 18 {
        return false;
    }
    let body = &chars[8..16];
    let weights = [3u32, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for (c, w) in body.iter().zip(weights) {
        let v = match c {
            '0'..='9' => *c as u32 - '0' as u32,
            'A'..='Z' => *c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        sum += v * w;
    }
    let expected = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        n => char::from_digit(n, 10).unwrap_or('?'),
    };
    chars[16] == expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_and_invalid_codes() {
        for ok in [
            "91350100M000100Y43",
            "91440300708461136T",
            "91110108551385082Q",
            "91110105771583283D",
            "91522601MA6DQ7K169",
        ] {
            assert_eq!(uscc_check(ok), Ok(()), "{ok}");
            assert!(org_code_check(ok), "{ok}");
        }
        assert_eq!(
            uscc_check("91350200M000000510"),
            Err(UsccProblem::Check {
                expected: 'D',
                found: '0'
            })
        );
        assert_eq!(uscc_check("9135"), Err(UsccProblem::Length(4)));
        assert_eq!(
            uscc_check("91350100M000100I43"),
            Err(UsccProblem::Character(16, 'I'))
        );
    }
}
