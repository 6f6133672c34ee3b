## The command line

cli-error-prefix = lamplight
error-not-an-address = “{ $text }” is not a web address; give one such as https://example.com/feed.xml
cli-cannot-open-data-dir = cannot open the data directory { $dir }
cli-cannot-read = cannot read { $path }
cli-cannot-write = cannot write { $path }
cli-say-what-to-mark = say what to mark: --read, --unread, --star or --unstar
cli-folder-needs-name = a folder needs a name
cli-no-window = this lamplight was built without the window (feature `gui`); use a subcommand
cli-choice-unreadable = cannot be read: { $cause }
cli-choice-articles = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
cli-subscribed = Subscribed: [{ $id }] { $title } <{ $url }>
cli-already-subscribed = Already subscribed: [{ $id }] { $title } <{ $url }>
cli-added-counts = { $count ->
    [one] { $count } article ({ $new } new), fetched in { $ms } ms
   *[other] { $count } articles ({ $new } new), fetched in { $ms } ms
}
cli-also-offers = The page also offers: { $url } { $title }
cli-fetch-detail = { $new } new / { $total } in feed, { $bytes } bytes
cli-fetch-detail-full-text = { $new } new / { $total } in feed, { $bytes } bytes, full text { $fetched } of { $pages } pages
cli-refreshed = { $count ->
    [one] Refreshed { $count } feed: { $new } new articles, { $failed } failed.
   *[other] Refreshed { $count } feeds: { $new } new articles, { $failed } failed.
}
cli-removed = Removed feed { $id }: { $title } — { $articles } articles, { $fetches } fetch records, { $images } images ({ $mb } MB){ $starred }. `lamplight vacuum` gives the space back.
cli-removed-starred-kept = ; { $count } starred articles kept in Saved
cli-column-id = ID
cli-column-title = TITLE
cli-column-articles = ARTICLES
cli-column-unread = UNREAD
cli-column-last-fetch = LAST FETCH
cli-column-date = DATE
cli-last-error = last error: { $error }
cli-own-title = the feed calls itself: { $title }
cli-feeds-text = The feed's text (its page: { $cause }).
cli-offline-pages = Pages read: { $pages } ({ $extracted } with their full text). Articles whose pictures were fetched: { $pictures }.
cli-offline-ready = { $ready } of { $total } articles are ready offline.
cli-no-matches = No articles match.
cli-folder-line = { $feeds } feeds, { $unread } unread
cli-imported = Imported { $count } feeds ({ $already } already subscribed, { $skipped } skipped).
cli-import-skipped = skipped { $url }: { $why }
cli-run-refresh = Run `lamplight refresh` to fetch them.
cli-marked-read = { $count ->
    [one] Marked { $count } article read.
   *[other] Marked { $count } articles read.
}
cli-vacuumed = Deleted { $count } old articles; the database is compacted.
cli-feed-url-set = Feed { $id } now reads { $url }
cli-folder-made = Folder { $id }: { $name }
cli-full-text = Full text for feed { $id }: { $setting }
cli-schedule = Feed { $id }: next refresh { $when } — { $reason }
cli-schedule-limits = Automatic refresh intervals: at least { $min }, at most { $max }.
cli-notify-on = New-article notifications for feed { $id }: on: a desktop notification tells of new articles after a background refresh.
cli-notify-off = New-article notifications for feed { $id }: off.
cli-cache-range = --cache-mib { $mib }: the picture cache takes 16 to 65,536 MiB
cli-pictures-on = Pictures of new articles: downloaded (for reading offline); the cache holds up to { $mib } MiB.
cli-pictures-off = Pictures of new articles: not downloaded; the cache holds up to { $mib } MiB.
cli-bad-interval = “{ $text }” is not an interval from 1m to 30d, such as 15m, 2h or 1d
cli-next-refresh = Next refresh in { $wait }.
cli-notified = Notified: { $summary }
cli-opening-article = Opening article { $id } (its notification was clicked)
cli-cannot-open-window-at = cannot open the window at article { $id }: { $error }
## Commands: each label, and its tooltip (-tip)

cmd-next = Next article
cmd-next-tip = Open the next article in the list
cmd-previous = Previous article
cmd-previous-tip = Open the previous article in the list
cmd-toggle-read = Toggle read
cmd-toggle-read-tip = Mark the open article read or unread (it becomes read after 1.5 s open)
cmd-toggle-star = Toggle star
cmd-toggle-star-tip = Star or unstar the open article
cmd-page-down = Page down
cmd-page-down-tip = Scroll the reader down a page
cmd-open-original = Open original
cmd-open-original-tip = Open the article's web page in the browser (http/https only)
cmd-full-text = Full article / Feed text
cmd-full-text-tip = Show the article as extracted from its web page, or the feed's own text (remembered for the feed)
cmd-refresh = Refresh
cmd-refresh-tip = Refresh every feed
cmd-add-subscription = Add subscription…
cmd-add-subscription-tip = Subscribe to a feed or to the feed a web page advertises
cmd-search = Search
cmd-search-tip = Search titles and text of every article
cmd-clear-search = Clear search
cmd-clear-search-tip = Leave the search (also closes the help and dialogs)
cmd-mark-all-read = Mark all read
cmd-mark-all-read-tip = Mark every article in this list read (you can undo for 10 s)
cmd-undo = Undo
cmd-undo-tip = Take back the last mark-all-read or unsubscribe
cmd-reader = Reader
cmd-reader-tip = Read articles
cmd-fetch-stats = Fetch statistics
cmd-fetch-stats-tip = What every fetch cost, slowest feeds first
cmd-image-stats = Image cache
cmd-image-stats-tip = What the picture cache holds, saved and failed
cmd-hide-read = Hide read
cmd-hide-read-tip = Show only unread articles in this list (remembered per list)
cmd-oldest-first = Oldest first
cmd-oldest-first-tip = Show this list oldest first (remembered per list)
cmd-unsubscribe = Unsubscribe
cmd-unsubscribe-tip = Unsubscribe from the feed shown (starred articles stay, in Saved; you can undo for 10 s)
cmd-text-size = Text size
cmd-text-size-tip = Make the reader's text larger, smaller, or normal again (remembered)
cmd-sidebar = Feeds
cmd-sidebar-tip = Show or hide the feed sidebar
cmd-settings = Settings
cmd-settings-tip = Theme, text size, reader width, refresh and picture settings
cmd-help = Keyboard shortcuts
cmd-help-tip = Show every shortcut

## Words used in many places

feeds-count = { $count ->
    [one] { $count } feed
   *[other] { $count } feeds
}
duration-minutes = { $count } min
duration-hours = { $count } h
duration-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
duration-months = about { $count } months
duration-years = about { $count } years
dismiss = Dismiss
cancel = Cancel
save = Save

## The sidebar

sidebar-feeds = Feeds
folder-new = New folder…
folder-new-tip = Make a folder to group feeds
folder-collapse = Collapse { $name }
folder-expand = Expand { $name }
rename = Rename…
folder-delete = Delete folder (feeds move to the top)
feed-bundled-copy = The copy bundled with Lamplight; the site could not be reached: { $error }
feed-last-fetch-failed = Last fetch failed: { $error }
feed-properties = Properties…
offline-make = Make available offline
offline-make-tip = Read the web pages whose full text is missing and fetch every picture not cached yet
full-text-menu = Full articles
full-text-auto = Auto (when the feed carries excerpts)
full-text-on = Always fetch the web page
full-text-off = Never: the feed's text only
notify-new = Notify about new articles
notify-new-tip = A desktop notification after a background refresh finds new articles in this feed
folder-move-to = Move to folder
folder-top-level = Top level
folder-new-title = New folder
folder-rename-title = Rename folder
folder-name = Folder name
feed-rename-title = Rename feed
feed-title-field = Feed title (empty: the feed's own)
offline-progress = Making available offline: { $done } of { $total }
offline-starting = Making available offline…
offline-ready = { $ready } of { $total } articles ready offline
offline-counting = Counting the articles ready offline…
refresh-not-any-more = Not refreshed any more.
refresh-next-because = Next refresh { $when }: { $reason }
refresh-next = Next refresh { $when }

## The top bar

refresh-progress = { $done } of { $total } feeds
first-run-bundled = Showing the copy of 运维进行时 bundled with Lamplight; { $site } could not be reached.
feeds-failing = { $failing } of { $total } feeds could not be refreshed; what you have is still here. Hover a feed marked ! to see why.

## Settings

settings-theme = Theme
theme-system = System theme
theme-light = Light theme
theme-dark = Dark theme
settings-points = { $size } pt
settings-text-reset = Reset to { $size } pt
settings-reader-width = Reader width
width-narrow = Narrow
width-comfortable = Comfortable
width-wide = Wide
settings-sidebar = Feed sidebar
settings-sidebar-show = Show the feeds (B)
settings-pictures = Pictures
settings-pictures-download = Download the pictures of new articles
settings-pictures-download-tip = Off: articles are read without their pictures, which are not fetched
settings-picture-cache = Picture cache
settings-cache-cap = Up to { $size }; the least recently read pictures go first.
settings-cache-empty = Empty it (starred articles keep theirs)
settings-refresh = Refresh
settings-refresh-min = Check a feed at most every
settings-refresh-max = and at least every
settings-refresh-note = Within these, each feed follows how often it publishes and what its server asks; a feed's tooltip says why.
settings-language = Language
language-system = System ({ $language })

## Lists and the add dialog

list-all-unread = All unread
list-today = Today
list-starred = Starred
list-feed = Feed
list-folder = Folder
add-title = Add subscription
add-address = Feed or web page address
add-subscribe = Subscribe
add-looking = Looking for feeds…
add-fetching = Fetching the feed…
add-page-offers = This page offers { $count } feeds:
add-untitled = (untitled)
add-choice-unreadable = could not be read: { $cause }
articles-count = { $count ->
    [one] { $count } article
   *[other] { $count } articles
}
add-subscribe-this = Subscribe to this
ago-now = just now
ago-minutes = { $count } min ago
ago-hours = { $count } h ago
ago-days = { $count } d ago
count-today = { $count } today
count-starred = { $count } starred
count-unread = { $count } unread
empty-all-unread = Nothing unread. New articles arrive with the next refresh.
empty-starred = No starred articles. Press S in the reader to star one.
empty-list = Nothing here.
search-matches = { $count ->
    [one] { $count } match for “{ $query }”
   *[other] { $count } matches for “{ $query }”
}
search-clear = Clear

## The reader

reader-nothing-open = Select an article. J/K move, M marks read, S stars, O opens the original. ? lists every key.
reader-mark-unread = Mark unread
reader-mark-read = Mark read
reader-unstar = ★ Unstar
reader-star = ☆ Star
reader-text-choice = Text:
reader-full-article = Full article
reader-full-article-tip = The article as its web page has it, read when the feed was refreshed (the feed sends only a teaser)
reader-feed-text = Feed text
reader-feed-text-tip = What the feed itself sent
reader-only-feed-text = Only the feed's text: its web page gave no better
reader-font-missing = { $scripts } text needs a font such as { $package } (not installed), so it is named, not shown.
reader-no-link = This article has no link to open.
reader-open-first = Open an article first.
reader-choose-feed-to-unsubscribe = Choose a feed in the sidebar to unsubscribe from it.
search-failed = Search failed: { $error }
back-to-list = ‹ Articles
back-to-list-tip = Back to the list (Escape)

## Notices and errors in the window

error-read-feeds = Cannot read the feeds: { $error }
notice-offline-ready = { $title }: { $ready } of { $total } articles ready offline
error-offline = Could not make the feed available offline: { $error }
error-trim-cache = Could not trim the image cache: { $error }
error-save = Could not save: { $error }
notice-nothing-unread = Nothing here was unread.
notice-marked-read = Marked { $count } read
notice-unsubscribed = { $starred ->
    [0] Unsubscribed from { $title }: { $count } articles
    [one] Unsubscribed from { $title }: { $count } articles, { $starred } starred kept in Saved
   *[other] Unsubscribed from { $title }: { $count } articles, { $starred } starred kept in Saved
}
notice-feed-back = The feed is back, with every mark.
notice-back-to-unread = { $count } back to unread

## Pictures, links and dialogs

picture = Picture
picture-click = Click to see it full size
picture-click-links = Click to see it full size (it links to { $link })
picture-loading = loading…
picture-not-offline = Picture not available offline — { $why }
picture-open-in-browser = Open in browser
picture-open-in-browser-tip = Open the picture in the browser: { $src }
picture-gone = The picture is no longer in the cache.
close = Close
error-open-article = Cannot open the article: { $error }
error-open-article-id = Cannot open article { $id }: { $error }
full-text-off-for-feed = its web page was not read (full text is off for this feed)
notice-only-feed-text = Only the feed's text is stored: { $why }
notice-link-refused = Only web and mail links are opened: { $url }
notice-cannot-open = Cannot open { $url }: { $why }.

## Statistics

stage-request = request
stage-download = download
stage-parse = parse
stage-store = store
stage-full-text = full text
stage-pictures = pictures
stats-all-feeds = ‹ All feeds
stats-feed-gone = This feed is no longer subscribed.
stats-time = time
stats-outcome = outcome
stats-bytes = bytes
stats-total = total
stats-new-total = new/total
stats-stages = stages
stats-error = error
stats-stage-line = request { $request } ms · download { $download } ms · parse { $parse } ms · store { $store } ms · pictures { $pictures } ms ({ $cached }/{ $found } cached)
stats-stage-full-text = { " " }· full text { $ms } ms ({ $read } pages read, { $left } left the feed's text)
stats-ranking-note = Slowest feeds first (by p95 of total fetch time, from { $count } fetches on). Click a feed for its fetches.
stats-feed = feed
stats-fetches = fetches
stats-last-outcome = last outcome
stats-last-total = last total
stats-last-error = last error
stats-too-few = too few
stats-never = never
images-unreadable = The image statistics could not be read.
images-images = Images
images-cached = Cached
images-evicted = Evicted
images-failed = Failed
images-not-downloaded = Could not be downloaded
images-source-bytes = Source bytes
images-webp-bytes = WebP bytes
images-saving = Saving
images-saving-value = { $saved }% (WebP is { $rate }% of the source)
images-cache-size = Cache size
images-cache-size-value = { $used } of { $cap }
images-hit-rate = Reader hit rate
images-convert-ms = Convert ms p50 / p95
images-trim = Trim to cap
images-clear = Clear cache (keeps starred)
images-mib-cached = MiB cached
images-kib-cached = KiB cached
images-col-images = images
images-col-cached = cached
images-col-failed = failed
images-col-source = source
images-col-rate = rate
images-list-feed-tip = List this feed's images
images-choose-feed = Choose a feed above to list its images.
images-count = { $count ->
    [one] { $count } image
   *[other] { $count } images
}

## Feed properties

properties-title = Properties of { $title }
properties-feed-title = Title
properties-own-title = The feed calls itself
properties-site = Site
properties-top-level = (top level)
properties-articles = Articles
properties-articles-value = { $count } ({ $unread } unread)
properties-pictures-value = { $cached } cached, { $mb } MB, { $failed } failed
properties-failed = last fetch failed: { $error }
properties-fine = fetched fine
properties-state = State
properties-moved = Address changed
properties-address = Address
properties-save-address = Check and save the address
properties-last-fetches = Last fetches
properties-none-yet = None yet.
properties-fetch-line = { $when } · { $outcome } · { $total } ms (request { $request }, download { $download }, parse { $parse }, store { $store }, pictures { $pictures }) · { $new } new

## Why a picture is missing (recorded in English on the engine's threads, said in the reader's language where shown)

engine-picture-not-downloaded = not downloaded yet
engine-picture-evicted = removed from the cache to keep it under its size limit
engine-picture-not-cached = not in the cache
engine-picture-cache-unreadable = cannot read the cache: { $error }

## A feed's full-text setting in words (its reason, decided when the feed was read, stays English)

full-text-set-on = on (set by you)
full-text-set-off = off (set by you)
full-text-auto-undecided = auto: not decided until the feed is read
full-text-auto-on = auto: on
full-text-auto-on-because = auto: on — { $reason }
full-text-auto-off = auto: off
full-text-auto-off-because = auto: off — { $reason }

## Figures the statistics views and `lamplight stats` print

stats-percentiles = p50 { $p50 } ms · p95 { $p95 } ms
stats-too-few-fetches = { $count ->
    [one] { $count } fetch — too few for percentiles
   *[other] { $count } fetches — too few for percentiles
}
images-hit-rate-value = { $hits ->
    [one] { $percent }% ({ $hits } hit, { $misses } evicted before reading)
   *[other] { $percent }% ({ $hits } hits, { $misses } evicted before reading)
}
images-no-lookups = no lookups of downloaded pictures yet

## Scripts named where no installed font can show them

script-korean = Korean
script-japanese = Japanese
script-chinese = Chinese
script-hebrew = Hebrew
script-arabic = Arabic
script-thai = Thai
script-devanagari = Devanagari
script-bengali = Bengali
script-tamil = Tamil
script-khmer = Khmer
script-lao = Lao
script-myanmar = Myanmar
script-georgian = Georgian
script-armenian = Armenian
script-ethiopic = Ethiopic
script-tibetan = Tibetan

## The engine's causes, reasons and notes: recorded in English (engine-*), said in the reader's language where shown

engine-clause-separator = {"; "}
engine-timed-out-connecting = timed out connecting to the server: { $cause }
engine-timed-out-answer = timed out waiting for the server to answer
engine-redirects = too many redirects or a redirect loop ({ $cause })
engine-tls-failed = TLS handshake failed: { $cause }
engine-cannot-resolve = cannot resolve the host name: { $cause }
engine-cannot-connect = cannot connect: { $cause }
engine-request-failed = request failed: { $cause }
engine-timed-out-body = timed out while downloading the body
engine-body-not-decompressed = the body could not be decompressed: { $cause }
engine-body-cut-off = the body was cut off: { $cause }
engine-body-malformed = the body is malformed HTTP: { $cause }
engine-no-such-host = no such host: { $host }
engine-lookup-not-started = cannot start a lookup of a host name: { $cause }
engine-lookup-stopped = the lookup of a host name stopped
engine-http-client = cannot start the HTTP client: { $cause }
engine-not-attempted = not attempted
engine-host-failed-earlier = { $cause } (the host failed earlier; not tried again yet)
engine-gave-up-after = { $cause } (gave up after { $attempts } attempts)
engine-wait-too-long = { $cause }; the server asked to wait { $asked } s, longer than the { $allowed } s allowed
engine-body-over-limit = the body is { $length } bytes, more than the { $limit }-byte limit
engine-body-larger-than-limit = the body is larger than the { $limit }-byte limit
engine-too-many-redirects = too many redirects
engine-not-a-valid-url = not a valid URL: { $url } ({ $cause }); give a full http:// or https:// address
engine-only-http = only http and https URLs are fetched, not { $scheme }: ({ $url })
engine-html-page = the server sent an HTML page, not a feed
engine-body-empty = the body is empty
engine-not-a-feed = not a feed: { $cause }
engine-nothing-in-it = the feed has no title and no entries
engine-nothing-in-it-because = the feed has no title and no entries ({ $cause })
engine-compressed-unsaid = the body was compressed without saying so
engine-cut-off-before-first-entry = the document is cut off before its first entry ends
engine-read-with-repairs = read with repairs: { $repairs }
engine-xml-gave-up = the XML parser gave up on this document
engine-encoding-invalid-bytes = the document says { $label }; some bytes are not valid in it
engine-encoding-unknown = the document says { $label }, an unknown encoding
engine-encoding-detected = no encoding declared; read as { $encoding } (detected)
engine-parser-stopped = the parser stopped abnormally: { $cause }
engine-save-failed = could not save to the database: { $cause }
engine-writer-stopped = the database writer stopped abnormally: { $cause }
engine-names-no-feed = { $url } is not a feed and names no feed: { $cause }
engine-at-address = { $url }: { $cause }
engine-is-an-image = this is an image ({ $kind }), not a feed
engine-no-title-no-items = it has no title and no items
engine-first-fetch-failed = the first fetch failed
engine-runtime = cannot start the engine's runtime: { $cause }
engine-task-failed = a background task failed: { $cause }
engine-needs-runtime = this change needs the engine's runtime
engine-automatic-again = automatic again from the next fetch
engine-download-failed = download failed: { $cause }
engine-not-an-image = not an image: { $what }
engine-unsupported-image = unsupported image format: { $format }
engine-image-too-large = the image declares { $width }×{ $height } pixels, more than allowed
engine-decode-limits = refused by decode limits: { $cause }
engine-corrupt-image = corrupt or truncated image: { $cause }
engine-webp-failed = WebP encoding failed: { $cause }
engine-refused = refused: { $cause }
engine-html-or-xml = an HTML or XML page
engine-unrecognised-bytes = unrecognised bytes
engine-no-pixels = the image has no pixels
engine-no-cover = no cover cached
engine-failed-http = download failed: HTTP { $status }
engine-failed-no-answer = download failed: no answer from the server
engine-failed-nothing = the server sent nothing
engine-failed-not-image = not an image
engine-failed-unsupported = an image format Lamplight cannot read
engine-failed-too-large = too large
engine-failed-corrupt = a damaged image file
engine-failed-encode = could not be turned into WebP
engine-failed-private = refused: a private or local address
engine-failed-unknown = unknown cause
engine-no-items-yet = the feed has no items yet
engine-look-like-excerpts = { $excerpts } of { $items } items look like excerpts (short, or ending in “…” or “Read more”)
engine-carry-full-text = the items carry their full text ({ $excerpts } of { $items } look like excerpts; median length { $median })
engine-link-not-web-address = the link { $link } is not a web address
engine-page-not-fetched = the page could not be fetched: { $cause }
engine-unconditional-status = HTTP { $status } to an unconditional request
engine-feed-text-kept = { $cause }: the feed's text is kept
engine-extractor-stopped = the extractor stopped abnormally: { $cause }
engine-not-html = not an HTML page ({ $what })
engine-no-article-text = no article text found on the page
engine-page-too-complex = the page is too complex to read ({ $count } elements)
engine-server-asked-to-wait = the server asked to wait { $duration } (HTTP { $status }, Retry-After: { $raw })
engine-http-status = HTTP { $status }
engine-an-error = an error
engine-back-off-once = back-off after 1 failure: { $cause }
engine-back-off = back-off after { $failures } failures in a row: { $cause }
engine-fixed-by-you = fixed by you: every { $duration }
engine-server-asked-for = the server asked for { $duration } ({ $raw })
engine-feed-asks-for = the feed asks for { $duration } (ttl)
engine-feed-updates-every = the feed says it updates every { $duration }
engine-publishes-about-every = publishes about every { $duration }
engine-nothing-new-for = nothing new for { $duration }
engine-until-history = every { $duration } until it has a history
engine-checked-at-most-every = checked at most every { $duration }
engine-checked-at-least-every = checked at least every { $duration }
engine-with-notes = { $reason } ({ $notes })
engine-retry-after-not-time = Retry-After { $raw } is not a time; ignored
engine-retry-after-past = Retry-After { $raw } is in the past; ignored
engine-ttl-not-minutes = ttl { $raw } is not a number of minutes; ignored
engine-skip-leaves-nothing = skipHours/skipDays leave no time at all; ignored
engine-moved-out-of-skipped = moved out of the hours and days the feed skips
engine-title-empty = a title cannot be empty (use --clear for the feed's own)
engine-title-control = a title cannot contain control characters
engine-database-error = database error: { $cause }
engine-no-feed-with-id = no feed with id { $id }
engine-no-article-with-id = no article with id { $id }
engine-no-folder-with-id = no folder with id { $id }
engine-bundled-snapshot = the bundled snapshot: { $cause }
engine-no-feed-either-scheme = { $typed }: no feed over https ({ $https }) nor over http ({ $http })
engine-page-nearly-empty = no article text found on the page (only { $weight } characters): the feed's text is kept
engine-page-shorter = the page's article ({ $page } characters) is shorter than the feed's text ({ $feed }): the feed's text is kept
engine-store-too-new = the database was written by a newer Lamplight (schema { $found }, this build knows { $known })
engine-cannot-create-dir = cannot create the data directory { $path }: { $cause }
engine-nothing-to-undo = nothing to undo: removal { $id } is not in the trash (it was undone, or emptied by vacuum)
engine-document-says-but-bytes = the document says { $label } but its bytes are not { $encoding }: read as { $other }
engine-server-says-but-bytes = the server says { $encoding } but the bytes are not: read as { $other }
engine-read-as-detected = read as { $encoding } (detected)
engine-retry-after-too-far = Retry-After { $raw } is more than { $duration } ahead; ignored
engine-feed-gone = { $cause }: the feed is gone and is no longer refreshed
engine-moved = moved: { $old } answered a permanent redirect { $seen } times in a row; the address is now { $new } (since { $when })
fetch-outcome-ok = fetched
fetch-outcome-not_modified = not modified
fetch-outcome-unchanged = unchanged
fetch-outcome-error = failed

## `lamplight stats fetches` and `stats images`

cli-stats-fetches-header = ID|FEED|LAST FETCH|OUTCOME|REQUEST|DOWNLD|PARSE|STORE|IMAGES|TOTAL|N|P50|P95
cli-stats-never-fetched = never fetched
cli-stats-few-fetches = (— : fewer than { $count } fetches, too few for percentiles)
cli-stats-image-cache = Image cache: { $used } of { $cap }; reader hit rate { $rate }
cli-stats-not-downloaded = Could not be downloaded: { $causes }
cli-stats-images-header = FEED|IMAGES|CACHED|FAILED|SOURCE|WEBP|RATE|P50|P95
cli-stats-all-feeds = all feeds
cli-stats-attempt-status = { $status } in { $ms } ms
cli-stats-attempt-error = { $error } after { $ms } ms
cli-stats-referer = referer
cli-stats-attempts = attempts
cli-stats-source = source
cli-stats-source-line = { $format } { $bytes } bytes { $size }
cli-stats-webp-line = { $bytes } bytes { $size } · { $rate }% of the source · converted in { $ms } ms
cli-stats-failed = failed
cli-stats-image-count = { $count ->
    [one] { $count } image
   *[other] { $count } images
}

## The command line's --help: each subcommand's description (help-NAME) and each argument's (help-NAME--ARG, or help--ARG for all)

help-lamplight = An offline-first desktop feed reader that records what every fetch cost
help--data_dir = Where all state lives (default: the platform's data directory)
help--help = Print help
help--version = Print version
help--json = Print JSON, one object per line, instead of text
help--feed_id = The feed's ID (see `lamplight feeds`)
help--article_id = The article's ID (see `lamplight articles`)
help--feed = Only this feed (its ID)
help-help = Print this message or the help of the given subcommand(s)
help-heading-usage = Usage:
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-add = Subscribe to a feed (a web page's advertised feed is found) and fetch it once
help-add--url = A feed URL, or a web page that links to its feed
help-add--folder = Put the new feed in this folder (made if needed)
help-add--full_text = Fetch each new article's web page and keep its full text (default: auto)
help-discover = List the feeds an address offers (a page's advertised feeds, or those at common addresses), with their titles and article counts; subscribes to nothing
help-discover--url = A feed URL, or a web page
help-discover--json = One JSON object per feed and line
help-refresh = Fetch feeds that are due (every feed with --all, one with --feed)
help-refresh--feed = Fetch this feed (its ID), due or not
help-refresh--all = Fetch every feed, due or not
help-refresh--json = Print one JSON fetch record per line
help-refresh--no_images = Fetch feeds only; leave article images for a later refresh
help-refresh--daemon = Keep running: refresh each feed when its schedule says, sleeping in between (for a systemd user service; stop it with a signal)
help-feeds = List subscriptions with their counts and last error
help-articles = List articles, newest first
help-articles--unread = Only unread articles
help-articles--starred = Only starred articles
help-articles--limit = At most N articles
help-show = Show an article as the reader renders it, as plain text
help-show--width = Wrap width in columns
help-show--feed_text = The feed's own text, even when the full article was extracted from its page
help-mark = Mark an article read/unread or star/unstar it
help-mark--read = Mark it read
help-mark--unread = Mark it unread
help-mark--star = Star it
help-mark--unstar = Remove its star
help-mark-all-read = Mark every unread article read: everywhere, or in one feed or folder
help-mark-all-read--folder = Only this folder (its ID)
help-folder = Folders: list, add, rename, delete (its feeds move to the top level), move a feed
help-folder-list = Folders with their feed and unread counts
help-folder-add = Make a folder
help-folder-add--name = The folder's name
help-folder-rename = Rename a folder
help-folder-rename--id = The folder's ID (see `lamplight folder list`)
help-folder-rename--name = The new name
help-folder-delete = Delete a folder; its feeds move to the top level
help-folder-delete--id = The folder's ID (see `lamplight folder list`)
help-folder-move = Move a feed into a folder (or to the top level without --to)
help-folder-move--to = The folder's ID
help-import = Import subscriptions (with folders) from an OPML file; importing twice adds nothing
help-import--file = The OPML file
help-export = Export subscriptions as OPML 2.0 (to FILE, or stdout)
help-export--file = Where to write (default: stdout)
help-vacuum = Apply retention (keep DAYS, at least N per feed, starred always) and compact the file
help-vacuum--keep_days = Keep articles this many days
help-vacuum--keep_at_least = Keep at least this many articles per feed
help-retention = Set how many days one feed keeps its articles (overrides vacuum's --keep-days)
help-retention--days = Keep its articles this many days
help-retention--clear = Go back to the global policy
help-remove = Unsubscribe: remove a feed with its articles, marks, fetch records and the images only it uses (kept in the trash until `vacuum`)
help-remove--keep_starred = Keep its starred articles, in "Saved"
help-rename = Give a feed a title of your own (refreshes keep it), or --clear to use the feed's own
help-rename--title = The new title
help-rename--clear = Use the feed's own title again
help-set-url = Give a feed a new address; it is fetched and read as a feed before it is saved
help-set-url--url = The new address
help-full-text = Whether new articles' web pages are fetched for their full text: on, off, or auto (on when the feed's items look like excerpts). Without a flag, shows the setting
help-full-text--on = Always fetch the full text
help-full-text--off = Never fetch the full text
help-full-text--auto = Fetch it when the feed's items look like excerpts
help-schedule = Pin a feed to a fixed refresh interval (`--every 15m`, `2h`, `1d`), or go back to the automatic schedule (`--auto`); prints the next refresh and why
help-schedule--every = The interval: 15m, 2h, 1d (1 minute to 30 days)
help-schedule--auto = Go back to the automatic schedule
help-schedule-limits = The bounds on every feed's automatic refresh interval (default 15m and 1d); pins are not bounded. Without a flag, shows them. They apply from each feed's next fetch
help-schedule-limits--min = The shortest interval, such as 15m
help-schedule-limits--max = The longest interval, such as 1d
help-offline = Make a feed readable offline: read the pages whose full text is missing and fetch every picture not cached, then say how many articles are ready
help-search = Full-text search over titles and article text (Chinese words inside sentences too)
help-search--query = The words to find
help-search--limit = At most N results
help-stats = Fetch and image statistics
help-stats-fetches = Per feed: the last fetch's stages and p50/p95 of total ms over its history
help-stats-fetches--json = One JSON fetch record per line, newest first
help-stats-fetches--limit = How many records per feed (JSON) or of history to read
help-stats-images = Image-cache totals and per feed: cached, failed by cause, bytes saved, convert ms; with --list, every image's record (URL, referer, role, attempts, source and WebP sizes)
help-stats-images--list = One record per image instead of the totals
help-doctor = What to put in a bug report: data dir, database size and schema, counts, cache, fonts
help-notify = Whether a desktop notification tells of a feed's new articles after a background refresh (the window's, or `refresh --daemon`). Off by default; without a flag, shows it
help-notify--on = Notify of new articles
help-notify--off = Do not notify
help-pictures = Whether new articles' pictures are downloaded (for reading offline), and how much the picture cache may hold; without a flag, shows both
help-pictures--on = Download new articles' pictures
help-pictures--off = Do not download them
help-pictures--cache_mib = The cache's cap in MiB (16 to 65,536); a smaller cap evicts at once
help-open = Open the window with a link (`feed:` or http/https, as the desktop hands it over) offered in the add dialog
help-open--url = The link
help-read = Open the window at an article (what clicking a new-article notification does)
help-error-unknown-argument = unexpected argument “{ $arg }”
help-error-unknown-command = unrecognised subcommand “{ $arg }”
help-error-missing = a required argument was not given: { $arg }
help-error-conflict = { $arg } cannot be used with { $other }
help-error-invalid-value = invalid value “{ $value }” for { $arg }
help-error-other = the command line is not understood: { $detail }
help-error-more = For more information, try “{ $command } --help”.
doctor-stays-english = (This report stays in English, for pasting into a bug report.)

## Sync accounts: causes (engine-*) and the command line

engine-sync-http-status = the sync server answered HTTP { $status }
engine-sync-not-fever = the server did not answer as a Fever server does ({ $what })
engine-sync-refused = the server refused the user name or password
engine-secret-unreadable = cannot read the account's key: { $cause }
engine-secret-unwritable = cannot keep the account's key in { $path }: { $cause }
engine-no-account = no account with id { $id }
engine-sync-stopped = the sync stopped: { $cause }
engine-sync-from-server = items from the account's sync server
error-sync = Sync failed: { $error }
help-account = Sync accounts: add one (a Fever server), list them, remove one
help-account-add = Add a sync account: its feeds, items and read/starred marks come from the server (checked before it is added); the password comes from LAMPLIGHT_PASSWORD or, with --password-stdin, from the first line of stdin
help-account-add--kind = The kind of service: fever (a server that speaks the Fever API)
help-account-add--url = The server's Fever endpoint, such as https://example.com/fever/
help-account-add--user = The user (for most servers, the e-mail address)
help-account-add--password_stdin = Read the password from the first line of stdin
help-account-list = The accounts: where each one's key is kept, when it last synced, marks waiting to be pushed
help-account-remove = Remove an account with its feeds and articles here (the server keeps them) and its key
help-account-remove--id = The account's ID (see `lamplight account list`)
help-sync = Sync every account: push the marks made here, pull new items and the server's marks
cli-account-added = Account { $id }: { $kind } { $user } at { $url }. { $kept }
cli-account-key-in-keyring = Its key is kept in the desktop's secret service.
cli-account-key-in-file = Its key is kept in { $path } (readable only by you).
cli-account-no-password = give the password in LAMPLIGHT_PASSWORD, or on stdin with --password-stdin
cli-account-header = ID|KIND|USER|KEY KEPT IN|LAST SYNC|WAITING|ADDRESS
cli-account-keyring = secret service
cli-account-file = file (0600)
cli-account-never = never
cli-account-last-error = last sync failed: { $error }
cli-account-none = No accounts. Add one with `lamplight account add fever URL --user USER`.
cli-account-removed = Removed account { $id } and its { $feeds } feeds here; the server keeps them.
cli-sync-line = Account { $id }: { $pulled } items pulled, { $pushed } marks pushed, { $marks } marks pulled in { $seconds } s
cli-sync-failed = Account { $id }: the sync failed after { $seconds } s: { $error } ({ $pulled } items pulled, { $pushed } marks pushed before it stopped)
cli-sync-some-failed = { $count } of { $total } accounts failed to sync

## Sync accounts in the window

sync = Sync
sync-tip = Push the marks made here to your sync accounts and pull what is new there
settings-accounts = Accounts
accounts-none = No sync accounts: feeds are fetched by this computer alone.
accounts-key-in-keyring = key in the desktop's keyring
accounts-key-in-file = key in a file only you can read
accounts-remove = Remove
accounts-synced = synced { $when }
accounts-never-synced = not synced yet
accounts-waiting = { $count ->
    [one] 1 mark waiting to be pushed
   *[other] { $count } marks waiting to be pushed
}
accounts-last-error = last sync failed: { $error }
accounts-add-fever = Add a Fever account (FreshRSS, Miniflux, Tiny Tiny RSS, coldsweat, …)
accounts-url = Fever address
accounts-user = User name
accounts-password = Password
accounts-add = Add account
accounts-checking = checking with the server…
accounts-note = The password is not kept: only the key made from it, in the desktop's keyring or a file only you can read. Read and starred marks sync both ways; the server fetches the account's feeds, and the feeds already here stay as they are. FreshRSS, Miniflux and others need their Fever API turned on, often with an API password of its own.
accounts-added = Account { $user } added; syncing…
engine-image-scheme-refused = only http, https and data: images are used, not { $scheme }:
engine-data-uri-too-long = the data: URI is { $length } characters, more than a { $limit }-byte image needs
engine-data-uri-malformed = a malformed data: URI ({ $cause })
engine-data-uri-undecodable = the data: URI does not decode ({ $cause })
engine-data-image-too-large = the data: image is { $length } bytes, more than the { $limit }-byte limit
engine-decoder-stopped = the decoder stopped abnormally: { $cause }
engine-not-opml = not an OPML document: { $cause }
engine-opml-no-feeds = the OPML document lists no feeds
engine-opml-not-http = not an http or https URL
engine-opml-twice = listed twice in the file
engine-resize-failed = resize failed: { $cause }
