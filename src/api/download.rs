//! How a file download is named (RFC 6266): an ASCII `filename` for old clients and the real
//! name, in UTF-8 and percent-encoded, in `filename*`. A raw UTF-8 name in `filename` is read
//! differently by each client.

use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};

/// A downloaded file's bytes, for the OpenAPI document (generated clients read it as a file).
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)] // describes a body; never built
pub struct FileBytes(Vec<u8>);

pub fn attachment(name: &str) -> ContentDisposition {
    let fallback: String = name
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '_',
        })
        .collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(fallback),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.as_bytes().to_vec(),
            }),
        ],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_real_name_goes_in_filename_star() {
        let header = super::attachment("certificats-Élodie Lefèvre.zip").to_string();
        assert_eq!(
            header,
            "attachment; filename=\"certificats-_lodie Lef_vre.zip\"; \
             filename*=UTF-8''certificats%2D%C3%89lodie%20Lef%C3%A8vre.zip"
        );
    }
}
