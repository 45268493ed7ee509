"""Talks to the test's object stores directly, beside pgBackRest: creates the bucket or container
pgBackRest needs before stanza-create, and lists what pgBackRest put there (an independent view
of the repository). Used by tests/acceptance/objstore.sh, run with the project's venv.

Credentials come from the environment, spelled as in the generated pgbackrest.env
(PGBACKREST_REPO1_S3_KEY, ..._S3_KEY_SECRET, ..._AZURE_ACCOUNT, ..._AZURE_KEY, ..._GCS_KEY), so the helper
uses exactly the secrets the design put there. TLS is verified against CA_FILE.

  objstore.py s3 create|list ENDPOINT CA_FILE BUCKET [PREFIX]
  objstore.py azure create|list ENDPOINT CA_FILE CONTAINER [PREFIX]
  objstore.py gcs create|list ENDPOINT CA_FILE BUCKET [PREFIX]

ENDPOINT is https://HOST:PORT. `list` prints one object name per line.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET


def s3(action, endpoint, ca_file, bucket, prefix=""):
    import boto3  # from the venv (moto depends on it)
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=os.environ["PGBACKREST_REPO1_S3_KEY"],
        aws_secret_access_key=os.environ["PGBACKREST_REPO1_S3_KEY_SECRET"],
        verify=ca_file,
        config=Config(s3={"addressing_style": "path"}),
    )
    if action == "create":
        client.create_bucket(Bucket=bucket)
        return
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            print(obj["Key"])


AZURE_VERSION = "2021-06-08"


def azure_request(method, endpoint, ca_file, account, key, path, query):
    """One request signed with the account's Shared Key (path-style URL, as Azurite serves)."""
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")
    headers = {"x-ms-date": date, "x-ms-version": AZURE_VERSION}
    canon_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()))
    canon_resource = f"/{account}{path}" + "".join(
        f"\n{k.lower()}:{v}" for k, v in sorted(query.items())
    )
    # PUT carries an empty body: urllib then sends a Content-Type, which the signature covers.
    content_type = "application/octet-stream" if method == "PUT" else ""
    to_sign = f"{method}\n\n\n\n\n{content_type}\n\n\n\n\n\n\n{canon_headers}{canon_resource}"
    signature = base64.b64encode(
        hmac.new(base64.b64decode(key), to_sign.encode(), hashlib.sha256).digest()
    ).decode()
    headers["Authorization"] = f"SharedKey {account}:{signature}"
    if method == "PUT":
        headers["Content-Type"] = content_type
    url = endpoint + urllib.parse.quote(path) + "?" + urllib.parse.urlencode(query)
    request = urllib.request.Request(url, method=method, headers=headers, data=b"" if method == "PUT" else None)
    context = ssl.create_default_context(cafile=ca_file)
    try:
        with urllib.request.urlopen(request, context=context, timeout=30) as response:
            return response.read()
    except urllib.error.HTTPError as e:
        sys.exit(f"objstore.py: {method} {url}: HTTP {e.code}: {e.read().decode(errors='replace')}")


def azure(action, endpoint, ca_file, container, prefix=""):
    account = os.environ["PGBACKREST_REPO1_AZURE_ACCOUNT"]
    key = os.environ["PGBACKREST_REPO1_AZURE_KEY"]
    path = f"/{account}/{container}"
    if action == "create":
        azure_request("PUT", endpoint, ca_file, account, key, path, {"restype": "container"})
        return
    marker = ""
    while True:
        query = {"restype": "container", "comp": "list", "prefix": prefix}
        if marker:
            query["marker"] = marker
        root = ET.fromstring(azure_request("GET", endpoint, ca_file, account, key, path, query))
        for blob in root.iter("Blob"):
            print(blob.findtext("Name"))
        marker = root.findtext("NextMarker") or ""
        if not marker:
            break


def gcs(action, endpoint, ca_file, bucket, prefix=""):
    """GCS's JSON API with the design's bearer token (gcs-key-type = token)."""
    headers = {"Authorization": "Bearer " + os.environ["PGBACKREST_REPO1_GCS_KEY"]}
    context = ssl.create_default_context(cafile=ca_file)

    def call(method, path, query, body=None):
        url = endpoint + path + "?" + urllib.parse.urlencode(query)
        data = None if body is None else json.dumps(body).encode()
        h = dict(headers, **({"Content-Type": "application/json"} if data else {}))
        request = urllib.request.Request(url, method=method, headers=h, data=data)
        try:
            with urllib.request.urlopen(request, context=context, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as e:
            sys.exit(f"objstore.py: {method} {url}: HTTP {e.code}: {e.read().decode(errors='replace')}")

    if action == "create":
        call("POST", "/storage/v1/b", {"project": "pgbr-accept"}, {"name": bucket})
        return
    token = ""
    while True:
        query = {"prefix": prefix}
        if token:
            query["pageToken"] = token
        page = call("GET", f"/storage/v1/b/{urllib.parse.quote(bucket)}/o", query)
        for item in page.get("items", []):
            print(item["name"])
        token = page.get("nextPageToken", "")
        if not token:
            break


if __name__ == "__main__":
    if len(sys.argv) < 6 or sys.argv[1] not in ("s3", "azure", "gcs") or sys.argv[2] not in ("create", "list"):
        sys.exit(__doc__)
    {"s3": s3, "azure": azure, "gcs": gcs}[sys.argv[1]](*sys.argv[2:])
