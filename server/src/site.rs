//! The built site (`scripts/build-site.mjs`: both browser bundles, the styles, the icons and
//! the manifest), which the release binary carries inside itself, so that one file is the
//! whole install. `LEITAI_SITE_DIR` serves another build's site from a folder instead.

use app::SiteBundles;
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One file of the site as the server sends it, with its precompressed forms.
struct File {
    body: Cow<'static, [u8]>,
    br: Option<Cow<'static, [u8]>>,
    gz: Option<Cow<'static, [u8]>>,
    content_type: HeaderValue,
    etag: HeaderValue,
}

/// One file as the site is made from it: its path under the site root, its bytes, and its
/// SHA-256 when the build took it already.
pub type SiteFile = (String, Cow<'static, [u8]>, Option<[u8; 32]>);

/// The site's files by path (`/pkg/leitai.3q2….wasm`), and the bundles' names.
pub struct Site {
    files: HashMap<String, File>,
    /// The bundles' hashed names (`site.json`); none when the site was not built.
    pub bundles: Option<SiteBundles>,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("files", &self.files.len())
            .field("bundles", &self.bundles)
            .finish()
    }
}

impl Site {
    /// The site from a list of (path under the site root, content, its SHA-256 when known),
    /// as the binary carries it or a folder holds it. `x.br` and `x.gz` are `x`'s compressed
    /// forms. The binary's files come with the hash taken when it was built, so a start
    /// reads none of them (their pages stay on disk until a browser asks for them).
    pub fn from_files(list: impl IntoIterator<Item = SiteFile>) -> Site {
        let mut plain = HashMap::new();
        let mut compressed = HashMap::new();
        for (name, bytes, sha256) in list {
            let name = name.replace('\\', "/");
            match name
                .strip_suffix(".br")
                .map(|n| (n, "br"))
                .or_else(|| name.strip_suffix(".gz").map(|n| (n, "gz")))
            {
                Some((of, kind)) => {
                    compressed.insert((of.to_string(), kind), bytes);
                }
                None => {
                    plain.insert(name, (bytes, sha256));
                }
            }
        }
        let bundles = plain
            .get("site.json")
            .and_then(|(json, _)| serde_json::from_slice::<SiteBundles>(json).ok());
        let files = plain
            .into_iter()
            .filter(|(name, _)| name != "site.json")
            .map(|(name, (body, sha256))| {
                let content_type = mime_guess::from_path(&name)
                    .first_raw()
                    .map(|m| match m {
                        // Browsers read these as UTF-8 only when told.
                        "text/css" | "text/javascript" | "application/javascript" => {
                            format!("{m}; charset=utf-8")
                        }
                        other => other.to_string(),
                    })
                    .unwrap_or_else(|| match name.rsplit('.').next() {
                        Some("webmanifest") => "application/manifest+json".into(),
                        _ => "application/octet-stream".into(),
                    });
                let sha256 = sha256.unwrap_or_else(|| Sha256::digest(&body).into());
                let etag = format!("\"{}\"", hex::encode(&sha256[..12]));
                let file = File {
                    br: compressed.remove(&(name.clone(), "br")),
                    gz: compressed.remove(&(name.clone(), "gz")),
                    body,
                    content_type: HeaderValue::from_str(&content_type)
                        .unwrap_or(HeaderValue::from_static("application/octet-stream")),
                    etag: HeaderValue::from_str(&etag).expect("hex in quotes is a header value"),
                };
                (format!("/{name}"), file)
            })
            .collect();
        Site { files, bundles }
    }

    /// Every file under `dir`, read now.
    pub fn from_dir(dir: &Path) -> std::io::Result<Site> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<SiteFile>) -> std::io::Result<()> {
            for entry in std::fs::read_dir(dir)? {
                let path = entry?.path();
                if path.is_dir() {
                    walk(root, &path, out)?;
                } else if let Ok(name) = path.strip_prefix(root) {
                    out.push((
                        name.to_string_lossy().into_owned(),
                        std::fs::read(&path)?.into(),
                        None,
                    ));
                }
            }
            Ok(())
        }
        let mut files = Vec::new();
        walk(dir, dir, &mut files)?;
        Ok(Site::from_files(files))
    }

    /// The folder `LEITAI_SITE_DIR` names, if set.
    pub fn dir_from_env() -> Option<PathBuf> {
        std::env::var_os("LEITAI_SITE_DIR").map(PathBuf::from)
    }

    /// The bytes of one file, as built (not compressed).
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|f| &*f.body)
    }

    /// How many files the site holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The answer to a `GET` or `HEAD` of one of the site's files: compressed as the
    /// browser accepts when a compressed form was built, `304` when it has this version;
    /// `None` when the path is not one of the site's.
    pub fn answer(&self, request: &Request<Body>) -> Option<Response> {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return None;
        }
        let file = self.files.get(request.uri().path())?;
        let headers = request.headers();
        let mut response = Response::builder()
            .header(header::CONTENT_TYPE, file.content_type.clone())
            .header(header::ETAG, file.etag.clone())
            .header(header::VARY, "accept-encoding");
        let fresh = headers
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|tag| {
                let tag = tag.trim();
                tag == "*" || tag.trim_start_matches("W/") == file.etag.to_str().unwrap_or("")
            });
        if fresh {
            return response
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .ok();
        }
        let (body, encoding) = match (&file.br, &file.gz) {
            (Some(br), _) if accepts(headers, "br") => (br, Some("br")),
            (_, Some(gz)) if accepts(headers, "gzip") => (gz, Some("gzip")),
            _ => (&file.body, None),
        };
        if let Some(encoding) = encoding {
            response = response.header(header::CONTENT_ENCODING, encoding);
        }
        let length = body.len();
        let body = if request.method() == Method::HEAD {
            Body::empty()
        } else {
            Body::from(body.clone())
        };
        response
            .header(header::CONTENT_LENGTH, length)
            .body(body)
            .ok()
    }
}

/// Whether `Accept-Encoding` takes `coding` (named with a weight above zero, or `*`).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            (name.eq_ignore_ascii_case(coding) || name == "*") && weight > 0.0
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let files: Vec<SiteFile> = vec![
            ("pkg/a.1.wasm".into(), Cow::Borrowed(b"plain wasm"), None),
            ("pkg/a.1.wasm.br".into(), Cow::Borrowed(b"br"), None),
            ("pkg/a.1.wasm.gz".into(), Cow::Borrowed(b"gzip"), None),
            // Its hash as the build took it.
            (
                "favicon.svg".into(),
                Cow::Borrowed(b"<svg/>"),
                Some(Sha256::digest(b"<svg/>").into()),
            ),
            (
                "site.json".into(),
                Cow::Borrowed(
                    br#"{"app":{"js":"/pkg/a.js","wasm":"/pkg/a.wasm","css":"/pkg/a.css"},
                         "judge":{"js":"/pkg/j.js","wasm":"/pkg/j.wasm","css":"/pkg/j.css"}}"#,
                ),
                None,
            ),
        ];
        Site::from_files(files)
    }

    fn get(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
        let mut request = Request::get(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    }

    #[test]
    fn the_names_come_from_site_json_which_is_not_served() {
        let site = site();
        assert_eq!(site.bundles.as_ref().unwrap().judge.wasm, "/pkg/j.wasm");
        assert!(site.answer(&get("/site.json", &[])).is_none());
        assert!(site.answer(&get("/nothing", &[])).is_none());
        assert_eq!(site.len(), 2);
    }

    #[test]
    fn a_file_goes_compressed_as_the_browser_accepts() {
        let site = site();
        let encoding = |accept: &str| {
            let answer = site
                .answer(&get("/pkg/a.1.wasm", &[("accept-encoding", accept)]))
                .unwrap();
            assert_eq!(answer.headers()[header::CONTENT_TYPE], "application/wasm");
            answer
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_string())
        };
        assert_eq!(encoding("gzip, deflate, br, zstd").as_deref(), Some("br"));
        assert_eq!(encoding("gzip, br;q=0").as_deref(), Some("gzip"));
        assert_eq!(encoding("identity").as_deref(), None);
        // No compressed form built: the file as it is.
        let svg = site
            .answer(&get("/favicon.svg", &[("accept-encoding", "br")]))
            .unwrap();
        assert!(svg.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(svg.headers()[header::CONTENT_LENGTH], "6");
    }

    #[test]
    fn a_browser_holding_this_version_gets_304() {
        let site = site();
        let first = site.answer(&get("/favicon.svg", &[])).unwrap();
        let etag = first.headers()[header::ETAG].to_str().unwrap().to_string();
        let again = site
            .answer(&get("/favicon.svg", &[("if-none-match", &etag)]))
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        let other = site
            .answer(&get("/favicon.svg", &[("if-none-match", "\"x\"")]))
            .unwrap();
        assert_eq!(other.status(), StatusCode::OK);
    }

    fn etag_of(sha256: Option<[u8; 32]>) -> String {
        let site = Site::from_files([("app.css".to_string(), Cow::Borrowed(&b"p{}"[..]), sha256)]);
        site.files["/app.css"].etag.to_str().unwrap().to_string()
    }

    #[test]
    fn a_file_s_etag_is_the_same_whether_the_build_or_the_start_took_its_hash() {
        // A browser's cached copy stays valid across the change to hashes taken at build.
        assert_eq!(etag_of(Some(Sha256::digest(b"p{}").into())), etag_of(None));
        assert_eq!(
            etag_of(None),
            format!("\"{}\"", hex::encode(&Sha256::digest(b"p{}")[..12]))
        );
    }
}
