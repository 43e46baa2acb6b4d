"""Where uploaded media (artwork pictures, their thumbnails, Wagtail images) is kept: local disk or
an S3-compatible bucket, chosen by MEDIA_STORAGE. base.py calls `media_storage()` once.

Local disk is the default (`make run`, tests, one machine). Several app processes on several
machines need one shared place instead, so MEDIA_STORAGE=s3 stores through django-storages' S3
backend (AWS S3, MinIO, Cloudflare R2, Scaleway... anything that speaks the S3 API; moto in the suite).

Artwork pictures are public, so the bucket (or the CDN at AWS_S3_CUSTOM_DOMAIN) must allow anonymous
reads of its objects (a bucket policy granting s3:GetObject), and pages link to plain, unsigned URLs:
a signed URL changes on every render and expires, so neither the browser, a CDN nor the anonymous
page cache could keep it. Every stored name is new (random names for artwork pictures, sorl's
hashed thumbnail names, file_overwrite off for the rest), so objects are served as immutable for a year.
"""

from django.core.exceptions import ImproperlyConfigured

S3_REQUIRED = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_REGION_NAME",
)
LOCAL_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
A_YEAR = 60 * 60 * 24 * 365


def media_storage(env, *, local_media_url: str) -> tuple[dict, str]:
    """(STORAGES["default"], MEDIA_URL) for the MEDIA_STORAGE the environment names."""
    kind = env("MEDIA_STORAGE", default="local").strip().lower()
    if kind == "local":
        return {"BACKEND": LOCAL_BACKEND}, local_media_url
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}.")
    missing = [name for name in S3_REQUIRED if not env(name, default="").strip()]
    if missing:
        raise ImproperlyConfigured(f"MEDIA_STORAGE=s3 needs {', '.join(missing)} in the environment.")
    options = s3_options(
        bucket=env("AWS_STORAGE_BUCKET_NAME").strip(),
        endpoint_url=env("AWS_S3_ENDPOINT_URL").strip().rstrip("/"),
        access_key=env("AWS_ACCESS_KEY_ID").strip(),
        secret_key=env("AWS_SECRET_ACCESS_KEY").strip(),
        region=env("AWS_S3_REGION_NAME").strip(),
        custom_domain=env("AWS_S3_CUSTOM_DOMAIN", default="").strip().strip("/"),
        addressing_style=env("AWS_S3_ADDRESSING_STYLE", default="path").strip(),
    )
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}, bucket_url(options)


def s3_options(
    *,
    bucket: str,
    endpoint_url: str,
    access_key: str,
    secret_key: str,
    region: str,
    custom_domain: str = "",
    addressing_style: str = "path",
) -> dict:
    """django-storages' S3Storage OPTIONS for public artwork pictures (its documented option names)."""
    if addressing_style not in ("path", "virtual"):
        raise ImproperlyConfigured(f"AWS_S3_ADDRESSING_STYLE must be 'path' or 'virtual', not {addressing_style!r}.")
    if not endpoint_url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"AWS_S3_ENDPOINT_URL must start with http:// or https://, not {endpoint_url!r}.")
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region,
        # Path style (endpoint/bucket/key) works with every S3-compatible server, loopback included.
        "addressing_style": addressing_style,
        "custom_domain": custom_domain or None,
        "url_protocol": endpoint_url.split("//")[0],
        "querystring_auth": False,  # public pictures: plain URLs that every cache can keep
        "file_overwrite": False,  # a second "portrait.jpg" in Wagtail gets its own name, never replaces the first
        "default_acl": None,  # readability is the bucket policy's job (ACLs are disabled on new AWS buckets)
        "object_parameters": {"CacheControl": f"public, max-age={A_YEAR}, immutable"},
    }


def bucket_url(options: dict) -> str:
    """The public base URL of the bucket's objects, as S3Storage.url() builds them (MEDIA_URL, CSP)."""
    if options["custom_domain"]:
        return f"{options['url_protocol']}//{options['custom_domain']}/"
    scheme, host = options["endpoint_url"].split("//", 1)
    if options["addressing_style"] == "virtual":
        return f"{scheme}//{options['bucket_name']}.{host}/"
    return f"{scheme}//{host}/{options['bucket_name']}/"
