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
