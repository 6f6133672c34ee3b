## 命令行

cli-error-prefix = lamplight
error-not-an-address = “{ $text }”不是网址；请输入完整的地址，例如 https://example.com/feed.xml
cli-cannot-open-data-dir = 无法打开数据目录 { $dir }
cli-cannot-read = 无法读取 { $path }
cli-cannot-write = 无法写入 { $path }
cli-say-what-to-mark = 请指明要做的标记：--read、--unread、--star 或 --unstar
cli-folder-needs-name = 文件夹需要一个名称
cli-no-window = 此版本的 lamplight 编译时未启用图形界面（`gui` 功能）；请使用子命令。
cli-choice-unreadable = 无法读取：{ $cause }
cli-choice-articles = { $count } 篇文章
cli-subscribed = 已订阅：[{ $id }] { $title } <{ $url }>
cli-already-subscribed = 已经订阅过：[{ $id }] { $title } <{ $url }>
cli-added-counts = { $count } 篇文章（{ $new } 篇新文章），获取用时 { $ms } 毫秒
cli-also-offers = 该网页还提供：{ $url } { $title }
cli-fetch-detail = 新 { $new } 篇 / 共 { $total } 篇，{ $bytes } 字节
cli-fetch-detail-full-text = 新 { $new } 篇 / 共 { $total } 篇，{ $bytes } 字节，全文 { $fetched } / { $pages } 页
cli-refreshed = 已刷新 { $count } 个订阅源：{ $new } 篇新文章，{ $failed } 个失败。
cli-removed = 已移除订阅源 { $id }：{ $title }，共 { $articles } 篇文章、{ $fetches } 条获取记录、{ $images } 张图片（{ $mb } MB）{ $starred }。运行 `lamplight vacuum` 可回收空间。
cli-removed-starred-kept = ；{ $count } 篇加星标文章仍保留在“Saved”订阅源中
cli-column-id = 编号
cli-column-title = 标题
cli-column-articles = 文章
cli-column-unread = 未读
cli-column-last-fetch = 上次获取
cli-column-date = 日期
cli-last-error = 上次错误：{ $error }
cli-own-title = 订阅源原标题：{ $title }
cli-feeds-text = 订阅源自带的正文（其网页：{ $cause }）。
cli-offline-pages = 已读取网页：{ $pages } 个（其中 { $extracted } 个取得全文）。已获取图片的文章：{ $pictures } 篇。
cli-offline-ready = { $total } 篇文章中有 { $ready } 篇可离线阅读。
cli-no-matches = 没有匹配的文章。
cli-folder-line = { $feeds } 个订阅源，{ $unread } 篇未读
cli-imported = 已导入 { $count } 个订阅源（{ $already } 个已订阅，{ $skipped } 个跳过）。
cli-import-skipped = 已跳过 { $url }：{ $why }
cli-run-refresh = 运行 `lamplight refresh` 来获取它们。
cli-marked-read = 已将 { $count } 篇文章标为已读。
cli-vacuumed = 已删除 { $count } 篇旧文章；数据库已压缩。
cli-feed-url-set = 订阅源 { $id } 现在读取 { $url }
cli-folder-made = 文件夹 { $id }：{ $name }
cli-full-text = 订阅源 { $id } 的全文：{ $setting }
cli-schedule = 订阅源 { $id }：下次刷新 { $when }（{ $reason }）
cli-schedule-limits = 自动刷新间隔：至少 { $min }，至多 { $max }。
cli-notify-on = 订阅源 { $id } 的新文章通知：已开启（后台刷新发现新文章时显示桌面通知）。
cli-notify-off = 订阅源 { $id } 的新文章通知：已关闭。
cli-cache-range = --cache-mib { $mib }：图片缓存的容量为 16 到 65,536 MiB
cli-pictures-on = 新文章的图片：下载（供离线阅读）；缓存最多保存 { $mib } MiB。
cli-pictures-off = 新文章的图片：不下载；缓存最多保存 { $mib } MiB。
cli-bad-interval = “{ $text }”不是 1m 到 30d 之间的间隔，例如 15m、2h 或 1d
cli-next-refresh = 下次刷新在 { $wait }后。
cli-notified = 已通知：{ $summary }
cli-opening-article = 正在打开文章 { $id }（来自通知）
cli-cannot-open-window-at = 无法在文章 { $id } 处打开窗口：{ $error }

## 命令：每项的名称，及其提示（-tip）

cmd-next = 下一篇
cmd-next-tip = 打开列表中的下一篇文章
cmd-previous = 上一篇
cmd-previous-tip = 打开列表中的上一篇文章
cmd-toggle-read = 切换已读
cmd-toggle-read-tip = 将打开的文章标为已读或未读（打开 1.5 秒后自动标为已读）
cmd-toggle-star = 切换星标
cmd-toggle-star-tip = 为打开的文章加星标或取消星标
cmd-page-down = 向下翻页
cmd-page-down-tip = 将阅读区向下滚动一页
cmd-open-original = 打开原文
cmd-open-original-tip = 在浏览器中打开文章的网页（仅限 http/https）
cmd-full-text = 全文 / 订阅源正文
cmd-full-text-tip = 显示从网页提取的全文，或订阅源自带的正文（按订阅源记住）
cmd-refresh = 刷新
cmd-refresh-tip = 刷新所有订阅源
cmd-add-subscription = 添加订阅…
cmd-add-subscription-tip = 订阅一个订阅源，或网页所提供的订阅源
cmd-search = 搜索
cmd-search-tip = 搜索所有文章的标题和正文
cmd-clear-search = 清除搜索
cmd-clear-search-tip = 退出搜索（也会关闭帮助和对话框）
cmd-mark-all-read = 全部标为已读
cmd-mark-all-read-tip = 将此列表中的所有文章标为已读（10 秒内可撤销）
cmd-undo = 撤销
cmd-undo-tip = 撤回上一次“全部标为已读”或退订
cmd-reader = 阅读
cmd-reader-tip = 阅读文章
cmd-fetch-stats = 获取耗时
cmd-fetch-stats-tip = 每次获取的耗时，最慢的订阅源在前
cmd-image-stats = 图片缓存
cmd-image-stats-tip = 图片缓存的内容、节省的空间和失败项
cmd-hide-read = 隐藏已读
cmd-hide-read-tip = 此列表只显示未读文章（按列表记住）
cmd-oldest-first = 从旧到新
cmd-oldest-first-tip = 此列表按从旧到新排列（按列表记住）
cmd-unsubscribe = 退订
cmd-unsubscribe-tip = 退订当前显示的订阅源（加星标的文章仍保留在“Saved”订阅源中；10 秒内可撤销）
cmd-text-size = 文字大小
cmd-text-size-tip = 放大、缩小阅读区文字或恢复默认（会记住）
cmd-sidebar = 订阅源
cmd-sidebar-tip = 显示或隐藏订阅源侧栏
cmd-settings = 设置
cmd-settings-tip = 主题、文字大小、阅读宽度、刷新与图片设置
cmd-help = 键盘快捷键
cmd-help-tip = 显示所有快捷键

## 多处使用的词语

feeds-count = { $count } 个订阅源
duration-minutes = { $count } 分钟
duration-hours = { $count } 小时
duration-days = { $count } 天
duration-months = 约 { $count } 个月
duration-years = 约 { $count } 年
dismiss = 关闭
cancel = 取消
save = 保存

## 侧栏

sidebar-feeds = 订阅源
folder-new = 新建文件夹…
folder-new-tip = 新建一个文件夹来归类订阅源
folder-collapse = 折叠 { $name }
folder-expand = 展开 { $name }
rename = 重命名…
folder-delete = 删除文件夹（其中的订阅源移到顶层）
feed-bundled-copy = Lamplight 自带的副本；无法访问该网站：{ $error }
feed-last-fetch-failed = 上次获取失败：{ $error }
feed-properties = 属性…
offline-make = 设为离线可用
offline-make-tip = 读取缺少全文的网页，并获取所有尚未缓存的图片
full-text-menu = 全文
full-text-auto = 自动（订阅源只有摘要时）
full-text-on = 总是获取网页
full-text-off = 从不：只用订阅源的正文
notify-new = 有新文章时通知
notify-new-tip = 后台刷新发现此订阅源有新文章时，显示桌面通知
folder-move-to = 移到文件夹
folder-top-level = 顶层
folder-new-title = 新建文件夹
folder-rename-title = 重命名文件夹
folder-name = 文件夹名称
feed-rename-title = 重命名订阅源
feed-title-field = 订阅源标题（留空则使用原标题）
offline-progress = 正在准备离线阅读：{ $done } / { $total }
offline-starting = 正在准备离线阅读…
offline-ready = { $total } 篇文章中有 { $ready } 篇可离线阅读
refresh-not-any-more = 不再刷新。
refresh-next-because = 下次刷新 { $when }：{ $reason }
refresh-next = 下次刷新 { $when }

## 顶栏

refresh-progress = { $done } / { $total } 个订阅源
first-run-bundled = 正在显示 Lamplight 自带的“运维进行时”副本；无法访问 { $site }。
feeds-failing = { $total } 个订阅源中有 { $failing } 个未能刷新；已有的内容都还在。将鼠标悬停在标有 ! 的订阅源上可查看原因。

## 设置

settings-theme = 主题
theme-system = 跟随系统
theme-light = 浅色
theme-dark = 深色
settings-points = { $size } 磅
settings-text-reset = 恢复为 { $size } 磅
settings-reader-width = 阅读宽度
width-narrow = 窄
width-comfortable = 适中
width-wide = 宽
settings-sidebar = 订阅源侧栏
settings-sidebar-show = 显示订阅源（B）
settings-pictures = 图片
settings-pictures-download = 下载新文章的图片
settings-pictures-download-tip = 关闭后不下载图片，阅读时也不显示图片。
settings-picture-cache = 图片缓存
settings-cache-cap = 最多 { $size }；超出时先移除最久没看过的图片。
settings-cache-empty = 清空（保留加星标文章的图片）
settings-refresh = 刷新
settings-refresh-min = 每个订阅源的检查间隔不短于
settings-refresh-max = 且不长于
settings-refresh-note = 在此范围内，每个订阅源按其发布频率和服务器的要求刷新；将鼠标悬停在订阅源上可查看原因。
settings-language = 语言
language-system = 跟随系统（{ $language }）

## 列表与添加对话框

list-all-unread = 全部未读
list-today = 今天
list-starred = 已加星标
list-feed = 订阅源
list-folder = 文件夹
add-title = 添加订阅
add-address = 订阅源或网页地址
add-subscribe = 订阅
add-looking = 正在查找订阅源…
add-fetching = 正在获取订阅源…
add-page-offers = 此网页提供 { $count } 个订阅源：
add-untitled = （无标题）
add-choice-unreadable = 无法读取：{ $cause }
articles-count = { $count } 篇文章
add-subscribe-this = 订阅这个
ago-now = 刚刚
ago-minutes = { $count } 分钟前
ago-hours = { $count } 小时前
ago-days = { $count } 天前
count-today = 今天 { $count } 篇
count-starred = 已加星标 { $count } 篇
count-unread = 未读 { $count } 篇
empty-all-unread = 没有未读文章。新文章会在下次刷新时出现。
empty-starred = 没有加星标的文章。阅读时按 S 即可加星标。
empty-list = 这里什么都没有。
search-matches = 找到 { $count } 条与“{ $query }”匹配的结果
search-clear = 清除

## 阅读区

reader-nothing-open = 请选择一篇文章。J/K 切换文章，M 标为已读，S 加星标，O 打开原文。按 ? 查看所有快捷键。
reader-mark-unread = 标为未读
reader-mark-read = 标为已读
reader-unstar = ★ 取消星标
reader-star = ☆ 加星标
reader-text-choice = 正文：
reader-full-article = 全文
reader-full-article-tip = 从文章网页提取的全文，在刷新订阅源时获取（该订阅源只提供摘要）
reader-feed-text = 订阅源正文
reader-feed-text-tip = 订阅源自己发送的内容
reader-only-feed-text = 只有订阅源的正文：其网页没有提供更完整的内容
reader-font-missing = { $scripts }需要 { $package } 之类的字体（未安装），因此只显示其名称。
reader-no-link = 这篇文章没有可打开的链接。
reader-open-first = 请先打开一篇文章。
reader-choose-feed-to-unsubscribe = 请先在侧栏中选择要退订的订阅源。
search-failed = 搜索失败：{ $error }
back-to-list = ‹ 文章列表
back-to-list-tip = 返回列表（Escape）

## 窗口中的提示与错误

error-read-feeds = 无法读取订阅源：{ $error }
notice-offline-ready = { $title }：{ $total } 篇文章中有 { $ready } 篇可离线阅读
error-offline = 无法为此订阅源准备离线阅读：{ $error }
error-trim-cache = 无法清理图片缓存：{ $error }
error-save = 无法保存：{ $error }
notice-nothing-unread = 这里没有未读的文章。
notice-marked-read = 已将 { $count } 篇标为已读
notice-unsubscribed = { $starred ->
    [0] 已退订 { $title }：{ $count } 篇文章
   *[other] 已退订 { $title }：{ $count } 篇文章，{ $starred } 篇加星标文章仍保留在“Saved”订阅源中
}
notice-feed-back = 订阅源已恢复，已读和星标状态均保留。
notice-back-to-unread = 已将 { $count } 篇恢复为未读

## 图片、链接与对话框

picture = 图片
picture-click = 点击查看原图
picture-click-links = 点击查看原图（它链接到 { $link }）
picture-loading = 正在加载…
picture-not-offline = 图片无法离线查看：{ $why }
picture-open-in-browser = 在浏览器中打开
picture-open-in-browser-tip = 在浏览器中打开图片：{ $src }
picture-gone = 这张图片已不在缓存中。
close = 关闭
error-open-article = 无法打开文章：{ $error }
error-open-article-id = 无法打开文章 { $id }：{ $error }
full-text-off-for-feed = 未读取其网页（此订阅源已关闭全文）
notice-only-feed-text = 只保存了订阅源的正文：{ $why }
notice-link-refused = 只能打开网页和邮件链接，已忽略：{ $url }
notice-cannot-open = 无法打开 { $url }：{ $why }。

## 统计

stage-request = 请求
stage-download = 下载
stage-parse = 解析
stage-store = 存储
stage-full-text = 全文
stage-pictures = 图片
stats-all-feeds = ‹ 所有订阅源
stats-feed-gone = 已不再订阅此订阅源。
stats-time = 时间
stats-outcome = 结果
stats-bytes = 字节
stats-total = 总计
stats-new-total = 新/总
stats-stages = 各阶段
stats-error = 错误
stats-stage-line = 请求 { $request } 毫秒 · 下载 { $download } 毫秒 · 解析 { $parse } 毫秒 · 存储 { $store } 毫秒 · 图片 { $pictures } 毫秒（已缓存 { $cached }/{ $found }）
stats-stage-full-text = { " " }· 全文 { $ms } 毫秒（读取 { $read } 页，{ $left } 篇保留订阅源正文）
stats-ranking-note = 最慢的订阅源在前（按获取总时间的 p95，至少 { $count } 次获取才计算）。点击订阅源查看其获取记录。
stats-feed = 订阅源
stats-fetches = 获取次数
stats-last-outcome = 上次结果
stats-last-total = 上次总计
stats-last-error = 上次错误
stats-too-few = 次数太少
stats-never = 从未
images-unreadable = 无法读取图片统计。
images-images = 图片
images-cached = 已缓存
images-evicted = 已移除
images-failed = 失败
images-not-downloaded = 无法下载
images-source-bytes = 原始大小
images-webp-bytes = WebP 大小
images-saving = 节省
images-saving-value = { $saved }%（WebP 为原始大小的 { $rate }%）
images-cache-size = 缓存大小
images-cache-size-value = { $used } / { $cap }
images-hit-rate = 阅读命中率
images-convert-ms = 转换耗时（毫秒）p50 / p95
images-trim = 清理到上限
images-clear = 清空缓存（保留加星标文章的图片）
images-mib-cached = 已缓存（MiB）
images-kib-cached = 已缓存（KiB）
images-col-images = 图片
images-col-cached = 已缓存
images-col-failed = 失败
images-col-source = 原始
images-col-rate = 比率
images-list-feed-tip = 列出此订阅源的图片
images-choose-feed = 在上方选择一个订阅源以列出其图片。
images-count = { $count } 张图片

## 订阅源属性

properties-title = { $title } 的属性
properties-feed-title = 标题
properties-own-title = 订阅源原标题
properties-site = 网站
properties-top-level = （顶层）
properties-articles = 文章
properties-articles-value = { $count } 篇（{ $unread } 篇未读）
properties-pictures-value = 已缓存 { $cached } 张，{ $mb } MB，失败 { $failed } 张
properties-failed = 上次获取失败：{ $error }
properties-fine = 获取正常
properties-state = 状态
properties-moved = 地址已变更
properties-address = 地址
properties-save-address = 检查并保存地址
properties-last-fetches = 最近的获取
properties-none-yet = 还没有。
properties-fetch-line = { $when } · { $outcome } · { $total } 毫秒（请求 { $request }，下载 { $download }，解析 { $parse }，存储 { $store }，图片 { $pictures }）· 新 { $new } 篇

## 图片缺失的原因（在引擎线程中，以进程的语言说明）

picture-not-downloaded = 尚未下载
picture-download-failed = 下载失败：{ $error }
picture-evicted = 为使缓存不超过容量上限已将其移除
picture-not-cached = 不在缓存中
picture-cache-unreadable = 无法读取缓存：{ $error }

## 订阅源全文设置的说明（其原因在读取订阅源时决定，保持英文）

full-text-set-on = 开（由你设置）
full-text-set-off = 关（由你设置）
full-text-auto-undecided = 自动：读取订阅源后决定
full-text-auto-on = 自动：开
full-text-auto-on-because = 自动：开（{ $reason }）
full-text-auto-off = 自动：关
full-text-auto-off-because = 自动：关（{ $reason }）

## 统计视图与 `lamplight stats` 输出的数字

stats-percentiles = p50 { $p50 } 毫秒 · p95 { $p95 } 毫秒
stats-too-few-fetches = { $count } 次获取，次数太少，无法计算百分位
images-hit-rate-value = { $percent }%（命中 { $hits } 次，{ $misses } 张在阅读前已被移除）
images-no-lookups = 尚未查找过已下载的图片

## 没有已安装字体可以显示时，以名称代替的文字

script-korean = 韩文
script-japanese = 日文
script-chinese = 中文
script-hebrew = 希伯来文
script-arabic = 阿拉伯文
script-thai = 泰文
script-devanagari = 天城文
script-bengali = 孟加拉文
script-tamil = 泰米尔文
script-khmer = 高棉文
script-lao = 老挝文
script-myanmar = 缅甸文
script-georgian = 格鲁吉亚文
script-armenian = 亚美尼亚文
script-ethiopic = 埃塞俄比亚文
script-tibetan = 藏文

## 引擎记录的原因、理由与说明：以英文记录（engine-*），显示时译为读者的语言

engine-clause-separator = ；
engine-timed-out-connecting = 连接服务器超时：{ $cause }
engine-timed-out-answer = 等待服务器响应超时
engine-redirects = 重定向过多或陷入重定向循环（{ $cause }）
engine-tls-failed = TLS 握手失败：{ $cause }
engine-cannot-resolve = 无法解析主机名：{ $cause }
engine-cannot-connect = 无法连接：{ $cause }
engine-request-failed = 请求失败：{ $cause }
engine-timed-out-body = 下载内容时超时
engine-body-not-decompressed = 内容无法解压：{ $cause }
engine-body-cut-off = 内容传输中断：{ $cause }
engine-body-malformed = 内容不是格式正确的 HTTP：{ $cause }
engine-no-such-host = 没有这个主机：{ $host }
engine-lookup-not-started = 无法开始解析主机名：{ $cause }
engine-lookup-stopped = 主机名解析中途停止
engine-http-client = 无法启动 HTTP 客户端：{ $cause }
engine-not-attempted = 未尝试
engine-host-failed-earlier = { $cause }（该主机先前失败，暂不重试）
engine-gave-up-after = { $cause }（尝试 { $attempts } 次后放弃）
engine-wait-too-long = { $cause }；服务器要求等待 { $asked } 秒，超过允许的 { $allowed } 秒
engine-body-over-limit = 内容有 { $length } 字节，超过 { $limit } 字节的上限
engine-body-larger-than-limit = 内容超过 { $limit } 字节的上限
engine-too-many-redirects = 重定向过多
engine-not-a-valid-url = 不是有效的网址：{ $url }（{ $cause }）；请给出完整的 http:// 或 https:// 地址
engine-only-http = 只获取 http 和 https 网址，不获取 { $scheme }：（{ $url }）
engine-html-page = 服务器发来的是 HTML 网页，不是订阅源
engine-body-empty = 内容为空
engine-not-a-feed = 不是订阅源：{ $cause }
engine-nothing-in-it = 该订阅源没有标题，也没有条目
engine-nothing-in-it-because = 该订阅源没有标题，也没有条目（{ $cause }）
engine-compressed-unsaid = 内容经过压缩但未声明
engine-cut-off-before-first-entry = 文档在第一个条目结束前就中断了
engine-read-with-repairs = 经修复后读取：{ $repairs }
engine-xml-gave-up = XML 解析器无法读取此文档
engine-encoding-invalid-bytes = 文档声明为 { $label }，但部分字节在该编码中无效
engine-encoding-unknown = 文档声明为 { $label }，这是未知的编码
engine-encoding-detected = 未声明编码；按检测到的 { $encoding } 读取
engine-parser-stopped = 解析器异常停止：{ $cause }
engine-save-failed = 无法保存到数据库：{ $cause }
engine-writer-stopped = 数据库写入线程异常停止：{ $cause }
engine-names-no-feed = { $url } 不是订阅源，也未指向任何订阅源：{ $cause }
engine-at-address = { $url }：{ $cause }
engine-is-an-image = 这是一张图片（{ $kind }），不是订阅源
engine-no-title-no-items = 它没有标题，也没有条目
engine-first-fetch-failed = 首次获取失败
engine-runtime = 无法启动引擎的运行时：{ $cause }
engine-task-failed = 后台任务失败：{ $cause }
engine-needs-runtime = 此更改需要引擎的运行时
engine-automatic-again = 从下次获取起恢复自动
engine-download-failed = 下载失败：{ $cause }
engine-not-an-image = 不是图片：{ $what }
engine-unsupported-image = 不支持的图片格式：{ $format }
engine-image-too-large = 图片声明为 { $width }×{ $height } 像素，超过允许的大小
engine-decode-limits = 超出解码限制，已拒绝：{ $cause }
engine-corrupt-image = 图片损坏或不完整：{ $cause }
engine-webp-failed = WebP 编码失败：{ $cause }
engine-refused = 已拒绝：{ $cause }
engine-html-or-xml = 一个 HTML 或 XML 页面
engine-unrecognised-bytes = 无法识别的数据
engine-no-pixels = 图片没有像素
engine-no-cover = 未缓存封面
engine-failed-http = 下载失败：HTTP { $status }
engine-failed-no-answer = 下载失败：服务器没有响应
engine-failed-nothing = 服务器什么也没发来
engine-failed-not-image = 不是图片
engine-failed-unsupported = Lamplight 无法读取的图片格式
engine-failed-too-large = 太大
engine-failed-corrupt = 损坏的图片文件
engine-failed-encode = 无法转换为 WebP
engine-failed-private = 已拒绝：私有或本地地址
engine-failed-unknown = 原因不明
engine-no-items-yet = 该订阅源还没有条目
engine-look-like-excerpts = { $items } 个条目中有 { $excerpts } 个像是摘要（很短，或以“…”或“阅读更多”结尾）
engine-carry-full-text = 条目带有全文（{ $items } 个中有 { $excerpts } 个像是摘要；长度中位数 { $median }）
engine-link-not-web-address = 链接 { $link } 不是网址
engine-page-not-fetched = 无法获取该网页：{ $cause }
engine-unconditional-status = 无条件请求得到 HTTP { $status }
engine-feed-text-kept = { $cause }：保留订阅源中的文字
engine-extractor-stopped = 正文提取器异常停止：{ $cause }
engine-not-html = 不是 HTML 网页（{ $what }）
engine-no-article-text = 网页上找不到正文
engine-page-too-complex = 网页太复杂，无法读取（{ $count } 个元素）
engine-server-asked-to-wait = 服务器要求等待 { $duration }（HTTP { $status }，Retry-After：{ $raw }）
engine-http-status = HTTP { $status }
engine-an-error = 一个错误
engine-back-off-once = 失败 1 次后放缓：{ $cause }
engine-back-off = 连续失败 { $failures } 次后放缓：{ $cause }
engine-fixed-by-you = 由你设定：每 { $duration }
engine-server-asked-for = 服务器要求 { $duration }（{ $raw }）
engine-feed-asks-for = 订阅源要求 { $duration }（ttl）
engine-feed-updates-every = 订阅源声明每 { $duration }更新
engine-publishes-about-every = 大约每 { $duration }发布一次
engine-nothing-new-for = 已有 { $duration }没有新内容
engine-until-history = 在有更新记录之前每 { $duration }检查
engine-checked-at-most-every = 最频繁每 { $duration }检查一次
engine-checked-at-least-every = 至少每 { $duration }检查一次
engine-with-notes = { $reason }（{ $notes }）
engine-retry-after-not-time = Retry-After { $raw } 不是时间；已忽略
engine-retry-after-past = Retry-After { $raw } 已经过去；已忽略
engine-ttl-not-minutes = ttl { $raw } 不是分钟数；已忽略
engine-skip-leaves-nothing = skipHours/skipDays 没有留下任何时间；已忽略
engine-moved-out-of-skipped = 已避开订阅源跳过的时段和日期
engine-title-empty = 标题不能为空（用 --clear 恢复订阅源自己的标题）
engine-title-control = 标题不能包含控制字符
engine-database-error = 数据库错误：{ $cause }
engine-no-feed-with-id = 没有 ID 为 { $id } 的订阅源
engine-no-article-with-id = 没有 ID 为 { $id } 的文章
engine-no-folder-with-id = 没有 ID 为 { $id } 的文件夹
engine-bundled-snapshot = 内置快照：{ $cause }
engine-no-feed-either-scheme = { $typed }：https（{ $https }）和 http（{ $http }）上都没有订阅源
engine-page-nearly-empty = 网页上找不到正文（只有 { $weight } 个字符）：保留订阅源中的文字
engine-page-shorter = 网页正文（{ $page } 个字符）比订阅源中的文字（{ $feed }）短：保留订阅源中的文字
engine-store-too-new = 数据库由较新版本的 Lamplight 写入（结构版本 { $found }，此版本只认识 { $known }）
engine-cannot-create-dir = 无法创建数据目录 { $path }：{ $cause }
engine-nothing-to-undo = 没有可撤销的操作：删除记录 { $id } 不在回收站中（已被撤销，或已被 vacuum 清空）
engine-document-says-but-bytes = 文档声明为 { $label }，但其字节不是 { $encoding }：按 { $other } 读取
engine-server-says-but-bytes = 服务器声明为 { $encoding }，但字节并非如此：按 { $other } 读取
engine-read-as-detected = 按检测到的 { $encoding } 读取
engine-retry-after-too-far = Retry-After { $raw } 超过 { $duration }之后；已忽略
engine-feed-gone = { $cause }：该订阅源已不存在，不再刷新
engine-moved = 已迁移：{ $old } 连续 { $seen } 次返回永久重定向；地址现为 { $new }（自 { $when }起）
fetch-outcome-ok = 已获取
fetch-outcome-not_modified = 未修改
fetch-outcome-unchanged = 无变化
fetch-outcome-error = 失败

## `lamplight stats fetches` 与 `stats images`

cli-stats-fetches-header = ID|订阅源|上次获取|结果|请求|下载|解析|存储|图片|总计|次数|P50|P95
cli-stats-never-fetched = 从未获取
cli-stats-few-fetches = （—：获取次数少于 { $count } 次，不足以计算百分位数）
cli-stats-image-cache = 图片缓存：{ $used } / { $cap }；阅读区命中率 { $rate }
cli-stats-not-downloaded = 未能下载：{ $causes }
cli-stats-images-header = 订阅源|图片|已缓存|失败|原图|WEBP|比例|P50|P95
cli-stats-all-feeds = 全部订阅源
cli-stats-attempt-status = { $status }，用时 { $ms } 毫秒
cli-stats-attempt-error = { $error }，{ $ms } 毫秒后
cli-stats-referer = 来源页
cli-stats-attempts = 尝试
cli-stats-source = 原图
cli-stats-source-line = { $format } { $bytes } 字节 { $size }
cli-stats-webp-line = { $bytes } 字节 { $size } · 原图的 { $rate }% · 转换用时 { $ms } 毫秒
cli-stats-failed = 失败
cli-stats-image-count = 共 { $count } 张图片
