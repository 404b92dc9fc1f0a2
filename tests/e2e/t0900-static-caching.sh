#!/usr/bin/env bash
# t0900-static-caching.sh - the web UI's static files over HTTP: gzip when
# Accept-Encoding admits it (the body inflates to the file), identity
# otherwise or for gzip;q=0, "Vary: Accept-Encoding" either way; ETag and
# Last-Modified, 304 on If-None-Match (either encoding's tag) and on
# If-Modified-Since, 200 once the file changes; Cache-Control no-cache for
# the app's files and a day for vendor/; a fresh precompressed .br sibling
# is sent for "br", a stale one is not; the favicon is linked and served as
# SVG. Runs on a copy of web/ so that files can change.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/http.sh"

W="$T/web"
mkdir -p "$W"
cp -r "$ORGWORK_TOP/web/." "$W/"
find "$W" -name '*.br' -delete   # build-web's brotli files: this script makes its own
[ -f "$W/vendor/preact.mjs" ] || { "$ORGWORK_TOP/scripts/build-web" >/dev/null; cp -r "$ORGWORK_TOP/web/vendor" "$W/"; }
ow init
serve_start --web "$W"
S="http://127.0.0.1:$PORT"

# get PATH [curl args...]: status in $CODE, headers in $HDRS, body in $T/got
get() {
  local p=$1; shift
  rm -f "$T/got"; : > "$T/got"
  CODE=$(curl -s -o "$T/got" -D "$T/hdrs" -w '%{http_code}' --max-time 10 "$@" "$S$p")
  HDRS=$(tr -d '\r' < "$T/hdrs")
}
hdr() { sed -n "s/^$1: //Ip" <<<"$HDRS" | head -1; }

get /js/app.js -H 'Accept-Encoding: gzip, deflate'
eq "app.js with gzip asked: 200" "$CODE" 200
eq "Content-Encoding gzip" "$(hdr Content-Encoding)" gzip
eq "Vary: Accept-Encoding" "$(hdr Vary)" Accept-Encoding
eq "the body inflates to the file" "$(gzip -dc "$T/got" | cmp - "$W/js/app.js" && echo same)" same
size_gz=$(stat -c %s "$T/got")
[ "$size_gz" -lt $(( $(stat -c %s "$W/js/app.js") / 2 )) ] && pass "compressed to less than half" \
  || fail "compressed to less than half" "$size_gz"
ETAG_GZ=$(hdr ETag); LM=$(hdr Last-Modified)
has "an ETag" "$ETAG_GZ" '"'
has "a Last-Modified date" "$LM" "GMT"
eq "the app's files are revalidated on every use" "$(hdr Cache-Control)" no-cache

get /js/app.js
eq "no Accept-Encoding: identity" "$(hdr Content-Encoding)" ""
eq "still Vary" "$(hdr Vary)" Accept-Encoding
eq "the body is the file" "$(cmp "$T/got" "$W/js/app.js" && echo same)" same
ETAG_ID=$(hdr ETag)
[ "$ETAG_ID" != "$ETAG_GZ" ] && pass "each encoding has its own tag" || fail "each encoding has its own tag" "$ETAG_ID"
get /js/app.js -H 'Accept-Encoding: gzip;q=0, identity'
eq "gzip;q=0 is refused gzip" "$(hdr Content-Encoding)" ""
get /js/app.js -H 'Accept-Encoding: *'
eq "* admits gzip" "$(hdr Content-Encoding)" gzip

get /js/app.js -H 'Accept-Encoding: gzip' -H "If-None-Match: $ETAG_GZ"
eq "If-None-Match of the gzip tag: 304" "$CODE" 304
eq "304 has no body" "$(stat -c %s "$T/got")" 0
eq "304 repeats the tag" "$(hdr ETag)" "$ETAG_GZ"
get /js/app.js -H "If-None-Match: W/$ETAG_ID"
eq "a weak identity tag: 304" "$CODE" 304
get /js/app.js -H 'If-None-Match: "other", '"$ETAG_ID"
eq "a tag in a list: 304" "$CODE" 304
get /js/app.js -H 'If-None-Match: "nope"'
eq "another tag: 200" "$CODE" 200
get /js/app.js -H "If-Modified-Since: $LM"
eq "If-Modified-Since the Last-Modified: 304" "$CODE" 304
get /js/app.js -H "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT"
eq "If-Modified-Since an older date: 200" "$CODE" 200
get /js/app.js -H 'If-None-Match: "nope"' -H "If-Modified-Since: $LM"
eq "If-None-Match wins over If-Modified-Since" "$CODE" 200
get /js/app.js -I -H 'Accept-Encoding: gzip'
eq "HEAD: 200" "$CODE" 200
eq "HEAD: gzip" "$(hdr Content-Encoding)" gzip

# the file changes: the old tag no longer matches, the new gzip is of the new file
echo "// changed" >> "$W/js/app.js"
touch -d '+2 seconds' "$W/js/app.js"
get /js/app.js -H 'Accept-Encoding: gzip' -H "If-None-Match: $ETAG_GZ"
eq "changed file: 200 for the old tag" "$CODE" 200
eq "and the new content" "$(gzip -dc "$T/got" | cmp - "$W/js/app.js" && echo same)" same
[ "$(hdr ETag)" != "$ETAG_GZ" ] && pass "a new tag" || fail "a new tag"

# index.html and vendor/
get / -H 'Accept-Encoding: gzip'
eq "index.html: no-cache" "$(hdr Cache-Control)" no-cache
eq "index.html: gzip" "$(hdr Content-Encoding)" gzip
has "links the favicon" "$(gzip -dc "$T/got")" '<link rel="icon" href="favicon.svg" type="image/svg+xml">'
get /vendor/preact.mjs -H 'Accept-Encoding: gzip'
eq "vendor/: cached for a day" "$(hdr Cache-Control)" "public, max-age=86400"
eq "vendor/: gzip" "$(hdr Content-Encoding)" gzip
get /favicon.svg
eq "favicon: 200" "$CODE" 200
eq "favicon: SVG" "$(hdr Content-Type)" "image/svg+xml"
has "favicon: an SVG document" "$(cat "$T/got")" "<svg"
get /xlsx-sample.png -H 'Accept-Encoding: gzip'
eq "a missing file: 404" "$CODE" 404

# a precompressed sibling: used for br while fresh, not once stale
printf 'BROTLI-BYTES' > "$W/app.css.br"
touch -d '+5 seconds' "$W/app.css.br"
get /app.css -H 'Accept-Encoding: gzip, br'
eq "a fresh .br sibling: br" "$(hdr Content-Encoding)" br
eq "its bytes" "$(cat "$T/got")" "BROTLI-BYTES"
has "its own tag" "$(hdr ETag)" '-br"'
get /app.css -H 'Accept-Encoding: gzip'
eq "gzip asked: not the .br" "$(hdr Content-Encoding)" gzip
touch -d '+10 seconds' "$W/app.css"
get /app.css -H 'Accept-Encoding: gzip, br'
eq "a stale .br sibling: gzip of the file instead" "$(hdr Content-Encoding)" gzip
eq "of the current file" "$(gzip -dc "$T/got" | cmp - "$W/app.css" && echo same)" same

# the API is not touched by any of this
get /api/v1/session -H 'Accept-Encoding: gzip'
eq "the API: no Content-Encoding" "$(hdr Content-Encoding)" ""
eq "the API: no-store" "$(hdr Cache-Control)" no-store
