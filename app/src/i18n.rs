//! Every UI string in both languages; a message missing a language does not compile.

use crate::domain::Lang;
use leptos::prelude::*;

/// A message's texts: in the judge's bundle, only the judge's messages (marked `[judge]`)
/// keep theirs, so the phone does not download the host's and the screen's words.
macro_rules! texts {
    (judge; $zh:expr, $en:expr) => {
        [$zh, $en]
    };
    (; $zh:expr, $en:expr) => {
        if cfg!(feature = "judge-bundle") {
            ["", ""]
        } else {
            [$zh, $en]
        }
    };
}

macro_rules! messages {
    ($($([$judge:ident])? $name:ident => $zh:expr, $en:expr;)*) => {
        /// A UI message.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($name),* }

        /// Every message's texts, in `Msg`'s order: a table rather than a `match`, which
        /// compiled to some 40 KB of code in the judge's bundle.
        const TEXTS: &[[&str; 2]] = &[$(texts!($($judge)?; $zh, $en)),*];

        /// The text of `msg` in `lang`.
        pub fn tr(lang: Lang, msg: Msg) -> &'static str {
            let column = match lang {
                Lang::Zh => 0,
                Lang::En => 1,
            };
            TEXTS[msg as usize][column]
        }
    };
}

messages! {
    [judge] AppName => "擂台", "Leitai";
    AppTagline => "现场评分、离线可用、当场亮分", "Live contest scoring that works offline";
    [judge] SwitchLanguage => "English", "中文";
    [judge] SwitchLanguageLabel => "切换语言", "Switch language";
    HomeIntro => "擂台让一场述职考评从头到尾在手机上完成：评委在自己的手机上打分，即使会场没有网络也不会丢失任何分数；主持人掌控顺序、计时和亮分；大屏幕当场揭晓得分和排名。", "Leitai runs a review contest end to end on phones: judges score on their own phones and never lose a mark, even when the venue’s Wi-Fi fails; the host runs the order, the timers and the reveals; the big screen reveals each score and the ranking live.";
    HomeJudgeTitle => "评委", "Judges";
    HomeJudgeText => "打开主持人发给您的链接或扫描二维码，再把擂台装到手机桌面上，没有网络也能打分。", "Open the link or scan the QR code the host gives you, install Leitai on your phone, and score even with no network.";
    HomeHostTitle => "主持人", "Host";
    HomeHostText => "用主持人链接进入主持台，掌控流程、计时、亮分和结果。", "Open the host console with your host link to run the order, timers, reveals and results.";
    HomeScreenTitle => "大屏幕", "Big screen";
    HomeScreenText => "在投影电脑上打开大屏幕页，不用登录，它会自动跟着现场走。", "Open the screen page on the projector: no login, it follows the room by itself.";
    OpenHost => "进入主持台", "Open the host console";
    OpenScreen => "打开大屏幕", "Open the big screen";
    HostTitle => "主持台", "Host console";
    HostAskLink => "请粘贴启动服务器时显示的主持人链接。", "Paste the host link the server printed when it started.";
    HostLinkLabel => "主持人链接", "Host link";
    HostSignIn => "进入", "Sign in";
    HostSignOut => "退出", "Sign out";
    HostChecking => "正在核对…", "Checking…";
    HostBadToken => "这个主持人链接不对，请核对后重试。", "That host link is not right; check it and try again.";
    HostOffline => "无法连接服务器，请检查网络后重试。", "Cannot reach the server; check the connection and try again.";
    HostEmpty => "请先粘贴主持人链接。", "Paste the host link first.";
    ScreenOrder => "出场顺序", "Order of presentation";
    ScreenNoEvent => "还没有活动。", "There is no event yet.";
    [judge] Loading => "加载中…", "Loading…";
    LoadFailed => "没能加载，正在重试…", "Could not load; trying again…";
    [judge] JudgeNoSession => "请打开主持人发给您的评委链接，或扫描二维码。", "Open the judge link or scan the QR code the host gave you.";
    [judge] JudgePasteLink => "或把评委链接粘贴到这里：", "Or paste your judge link here:";
    [judge] JudgeOpenLink => "打开", "Open";
    [judge] JudgeNotALink => "这不是评委链接。请把主持人发给您的链接整个粘贴进来。", "That is not a judge link. Paste the whole link the host gave you.";
    [judge] JudgeBadLinkTitle => "这个评委链接无效", "This judge link does not work";
    [judge] JudgeBadLinkText => "链接可能输错了，或者主持人已经换了新链接。请向主持人要一个新链接。已存在本机的评分不会丢。", "It may be mistyped, or the host has replaced it. Ask the host for a new link; scores saved on this phone are kept.";
    [judge] JudgeNeedsNetwork => "第一次打开需要联网。请连上网络后再试。", "The first sign-in needs a connection. Connect, then try again.";
    [judge] Retry => "重试", "Try again";
    [judge] SyncOnline => "已联网", "Online";
    [judge] SyncOffline => "没有网络，评分存在本机", "Offline: kept on this phone";
    [judge] SyncSyncing => "正在同步…", "Syncing…";
    [judge] SyncPending => "{n} 份还没送到服务器", "{n} not on the server yet";
    [judge] SyncUnsubmitted => "{n} 份还没提交", "{n} not submitted";
    [judge] SyncAllDone => "全部已送到服务器", "All on the server";
    [judge] SyncLast => "上次同步", "Last synced";
    [judge] SyncNever => "还没有同步过", "Not synced yet";
    [judge] SyncServerTrouble => "服务器出了问题，会自动重试", "Server trouble; will retry";
    [judge] SyncNow => "立即同步", "Sync now";
    [judge] StorageRefused => "这部手机存不下评分！请不要关闭这个页面，并马上告诉主持人。", "This phone refused to store the scores! Keep this page open and tell the host now.";
    [judge] SavedOnDevice => "已存在本机", "Saved on this phone";
    [judge] StatusNotStarted => "未打分", "Not scored";
    [judge] StatusDraft => "未提交", "Not submitted";
    [judge] StatusSubmitted => "已提交，待上传", "Submitted, not sent";
    [judge] StatusSynced => "已提交", "Submitted";
    [judge] StatusCounted => "已亮分", "Revealed";
    [judge] StatusLate => "迟到，未计入", "Late, not counted";
    [judge] StatusNotCounted => "已亮分，未计入", "Revealed, not counted";
    [judge] StatusEditing => "修改未提交", "Changes not submitted";
    [judge] StatusRecused => "回避", "Recused";
    [judge] AllPresenters => "返回名单", "All presenters";
    [judge] RangeRule => "{min}–{max} 分，每次 {step} 分", "{min}–{max} points, in steps of {step}";
    [judge] Decrease => "减少", "Decrease";
    [judge] Increase => "增加", "Increase";
    [judge] Total => "总分", "Total";
    [judge] Submit => "确认提交", "Submit";
    [judge] SubmitChanges => "确认修改", "Submit changes";
    [judge] DiscardChanges => "放弃修改", "Discard changes";
    [judge] SubmittedNote => "亮分前还可以修改。", "You can still change it until the reveal.";
    [judge] SheetNotStarted => "还没有打分。", "Not scored yet.";
    [judge] SheetDraft => "未提交：每一项都打好分后，请点“确认提交”。", "Not submitted: score every item, then tap Submit.";
    [judge] SheetSubmitted => "已提交，正在送往服务器。", "Submitted; on its way to the server.";
    [judge] SheetSubmittedOffline => "已提交，先存在本机，有网后自动上传。", "Submitted and kept on this phone; it goes to the server when the connection returns.";
    [judge] SheetSynced => "已提交，服务器已收到。", "Submitted and received by the server.";
    [judge] ReceiptLabel => "回执", "Receipt";
    [judge] UpdateReady => "擂台有新版本。点“重新载入”，本机还没上传的评分都会保留。", "A new version of Leitai is ready. Scores not yet sent stay on this phone through the reload.";
    [judge] UpdateReload => "重新载入", "Reload";
    [judge] InstallTitle => "把擂台装到手机桌面上", "Install Leitai on this phone";
    [judge] InstallWhy => "装好后，没有网络也能打开和打分。", "Installed, it opens and scores with no network.";
    [judge] InstallButton => "安装", "Install";
    [judge] InstallLater => "以后再说", "Later";
    [judge] InstallIosCopy => "先复制您的评委链接，装好后要把它粘贴进去：", "First copy your judge link; the installed app will ask for it:";
    [judge] InstallCopyLink => "复制链接", "Copy link";
    [judge] InstallCopied => "已复制", "Copied";
    [judge] InstallIosStep1 => "点 Safari 下方的“分享”按钮（方框加向上的箭头）。", "Tap Safari’s Share button (the square with an arrow).";
    [judge] InstallIosStep2 => "往下滑，选“添加到主屏幕”，再点“添加”。", "Scroll down, choose “Add to Home Screen”, then “Add”.";
    [judge] InstallIosStep3 => "从手机桌面上的擂台图标打开，粘贴链接。以后都从这个图标打开。", "Open Leitai from its icon and paste the link; from now on, open it there.";
    [judge] InstallIosAdvice => "请只在桌面图标打开的擂台里打分：在 Safari 里打的分，不会出现在装好的擂台里。", "Score only in the installed app: marks entered in Safari do not appear in it.";
    [judge] InstallOther => "在浏览器的菜单里选“安装应用”或“添加到主屏幕”。", "In the browser’s menu, choose “Install app” or “Add to Home screen”.";
    [judge] StoragePersisted => "这部手机会一直保存您的评分。", "This phone keeps your scores safely.";
    [judge] StorageNotPersisted => "提示：手机空间不够时，浏览器可能清掉本机数据。请保持联网，让评分及时送到服务器。", "Note: when space runs low, the browser may clear this site’s data. Stay online so your scores reach the server.";
    [judge] EditingNote => "修改还没有提交，服务器保留的是您上次提交的评分。", "These changes are not submitted; the server keeps your last submitted sheet.";
    [judge] MissingScores => "请先为每一项打分，还没打的有：", "Score every item first. Still empty:";
    [judge] BadEntry => "“{value}”不行。{name}：{rule}。", "“{value}” is not allowed. {name}: {rule}.";
    [judge] RecusedNote => "您需要回避这位述职人，不用打分。", "You are recused from this presenter and do not score them.";
    [judge] RevealedResult => "亮分结果", "Revealed result";
    [judge] FinalScore => "最终得分", "Final score";
    [judge] YourSheetCounted => "您的评分已计入。", "Your sheet was counted.";
    [judge] YourSheetNotCounted => "您的评分没有计入（亮分时没有您已提交的评分）。", "Your sheet was not counted: no submitted sheet of yours had arrived at the reveal.";
    [judge] YourSheetLate => "您的评分在亮分以后才送到，主持人能看到，但不计入成绩。", "Your sheet arrived after the reveal: the host has it, but it is not counted.";
    [judge] VerdictApplied => "服务器已收到", "Received by the server";
    [judge] VerdictDraftKept => "服务器已存下这份草稿，它还没有提交", "The server keeps this draft; it is not submitted";
    [judge] VerdictSuperseded => "您在另一部手机上改过这份评分，以那边较新的为准", "You changed this sheet on another phone; the newer one counts";
    [judge] VerdictLate => "亮分以后才送到，不计入成绩", "Arrived after the reveal; not counted";
    [judge] VerdictRejected => "服务器没有收下这份评分：", "The server refused this sheet:";
    [judge] RehearsalBanner => "彩排：这里的评分不计入结果", "Rehearsal: nothing here counts";
    [judge] OldEventLink => "这是“{old}”的评分链接。现在进行的是“{now}”，请向工作人员要这一次的评分链接。", "This link is for “{old}”. The event on now is “{now}”: ask the staff for this event’s link.";
    [judge] RehearsalDropped => "彩排已结束，彩排时的评分已从这台手机上清除。正式评分开始后，请重新打分。", "The rehearsal has ended, and its scores were cleared from this phone. Score again once the real round begins.";
    [judge] RehearsalDroppedOk => "知道了", "OK";
    [judge] BallotTitle => "回头看测评（{n} 项）", "Review vote ({n} items)";
    [judge] BallotIntro => "上次会议以来已办结的事项，请逐项评价办理结果。", "Items completed since the last session: please rate how each was handled.";
    [judge] BallotBureau => "市局本级", "The city bureau itself";
    [judge] BallotReport => "办理情况：", "What the unit reported: ";
    [judge] VoteNone => "还没有投票", "Not voted yet";
    [judge] VoteSaved => "已保存在本机，联网后自动提交", "Saved on this phone; it is sent when the connection returns";
    [judge] VoteSent => "已提交", "Sent";
    [judge] VoteClosed => "测评已结束", "Voting has ended";
    [judge] VoteLate => "测评已结束，这一票没有计入", "Voting had ended; this vote was not counted";
    [judge] VoteSuperseded => "您在另一部手机上改过这一票，以那边较新的为准", "You changed this vote on another phone; the newer one counts";
    [judge] VoteRejected => "服务器没有收下这一票：", "The server refused this vote: ";
    [judge] NoteLabel => "意见建议（选填，只有主持人能看到）", "Comments (optional; only the host sees them)";
    [judge] NoteCount => "{n}/{max} 字", "{n}/{max} characters";
    [judge] ReasonRehearsalOver => "这是彩排时的评分，彩排已结束，不计入结果。", "It was made in the rehearsal, which has ended: it does not count.";
    [judge] ReasonUnknownPresenter => "活动中没有这位述职人", "this presenter is not in the event";
    [judge] ReasonUnknownCriterion => "评分项已不在活动中", "a criterion is no longer in the event";
    [judge] ReasonOutOfRange => "有分数超出了范围", "a score is outside its range";
    [judge] ReasonOffStep => "有分数不是按规定的分值打的", "a score is not on the allowed steps";
    [judge] ReasonRecused => "您需要回避这位述职人", "you are recused from this presenter";
    [judge] ReasonIncomplete => "提交时有项目没打分", "an item was empty on submission";
    [judge] ReasonOther => "请告诉主持人", "please tell the host";
    [judge] PhaseWaiting => "候场", "Up next";
    [judge] PhaseReport => "述职报告", "Report";
    [judge] PhaseDefence => "现场答辩", "Defence";
    [judge] PhaseScoring => "评委评分", "Scoring";
    [judge] PhaseRevealed => "已亮分", "Revealed";
    PhaseNotStarted => "即将开始", "Starting soon";
    Submitted => "已交评分", "Sheets in";
    Ranking => "当前排名", "Ranking so far";
    FinalRanking => "最终排名", "Final ranking";
    ScreenReveal => "亮分", "The reveal";
    ScreenUpNext => "下一位", "Up next";
    ScreenPosition => "第 {n} 位，共 {of} 位", "Presenter {n} of {of}";
    [judge] FinalLabel => "最终得分", "Final score";
    [judge] Dropped => "去掉", "dropped";
    [judge] DroppedHighest => "最高分", "highest";
    [judge] DroppedLowest => "最低分", "lowest";
    [judge] GroupSubtotals => "各组平均", "Group averages";
    [judge] Place => "第", "No.";
    [judge] PlaceSuffix => "名", "";
    Reconnecting => "正在重新连接…", "Reconnecting…";
    RunOfShow => "流程", "Run of show";
    StartFirst => "开始第一位述职", "Start the first report";
    StartReport => "开始述职", "Start the report";
    StartDefence => "开始答辩", "Start the defence";
    OpenScoring => "开始评分", "Open scoring";
    SkipToScoring => "跳过答辩，直接评分", "Skip the defence and open scoring";
    NextStep => "下一步", "Next step";
    Reveal => "亮分", "Reveal";
    ForceReveal => "仍然亮分（强制）", "Reveal anyway (forced)";
    RevealRefusedTitle => "还不能亮分", "Not enough sheets to reveal yet";
    QuorumNeedText => "亮分至少需要 {min} 份评分，现在有 {have} 份。", "A reveal needs at least {min} sheets; {have} are in.";
    QuorumGroupsShort => "这些组的评分还不够：{groups}。", "Too few sheets from: {groups}.";
    ForceAsk => "如果确实要现在亮分，请点下面的按钮，结果会标明“强制亮分”。", "To reveal now anyway, tap the button below; the result will be marked as a forced reveal.";
    NextPresenter => "下一位", "Next presenter";
    Undo => "撤销上一步", "Undo the last step";
    Preview => "先看得分（只有主持人能看到）", "Preview the result (host only)";
    MoveUp => "上移", "Move up";
    MoveDown => "下移", "Move down";
    QuorumOk => "可以亮分：已交 {have} 份，共 {of} 位评委；亮分需要 {min} 份。", "Ready to reveal: {have} of {of} judges have submitted; a reveal needs {min}.";
    QuorumShort => "还不能亮分：已交 {have} 份，共 {of} 位评委；亮分需要 {min} 份。", "Not enough to reveal yet: {have} of {of} judges have submitted; a reveal needs {min}.";
    ProgressTitle => "评分进度", "Scoring progress";
    ProgressOnStage => "{name}：已交 {have} 份，共 {of} 份", "{name}: {have} of {of} submitted";
    ProgressMissing => "还没提交：", "Not submitted yet:";
    ProgressAllIn => "全部评委都已提交。", "Every judge has submitted.";
    ProgressDraftMark => "（草稿）", " (draft)";
    ProgressByPresenter => "各位述职人", "Each presenter";
    ProgressSubmittedCol => "已交", "Submitted";
    ProgressDraftCol => "草稿", "Drafts";
    ProgressGridTitle => "每位评委的明细", "Each judge, each presenter";
    ProgressGridHint => "✓ 已提交 · … 草稿 · — 回避 · 空白为未打分", "✓ submitted · … draft · — recused · blank: not scored";
    DevicesTitle => "评委的手机", "Judges’ phones";
    DeviceLastSeen => "最近联系", "Last contact";
    DevicePending => "待上传", "Not sent";
    DeviceNo => "第 {n} 部", "phone {n}";
    LateTitle => "亮分以后才送到的评分", "Sheets that arrived after the reveal";
    LateNone => "没有。", "None.";
    LateJudge => "评委", "Judge";
    LatePresenter => "述职人", "Presenter";
    LateValues => "分数", "Scores";
    LateReceived => "到达时间", "Received";
    LateNote => "评委写的意见建议：", "The judge wrote: ";
    LateCountedIn => "已在第 {n} 次修正中计入", "Counted in amendment {n}";
    LateDraft => "未提交的草稿，不能计入", "A draft, never submitted: it cannot count";
    ActionFailed => "没有成功：", "That did not work:";
    ErrWrongPhase => "现在这个阶段不能做这一步，请用上面亮着的按钮。", "That step does not fit the current phase; use the buttons above.";
    ErrAlreadyStarted => "述职已经开始，出场顺序不能再改。", "The reports have started, so the order is fixed.";
    ErrNoNext => "所有述职人都已上场。", "Every presenter has been called.";
    ErrNothingToUndo => "没有可以撤销的步骤（亮分不能撤销）。", "There is nothing to undo (a reveal cannot be undone).";
    ErrStale => "另一台设备刚刚操作过，这里已经更新，请看一眼再操作。", "Another device just moved the show on; this console is up to date. Check, then try again.";
    ErrAlreadyCounted => "这份评分已经计入过了。", "This sheet is counted already.";
    ErrNoChange => "计入这份评分后结果不变，不需要修正。", "Counting this sheet would not change the result, so there is nothing to amend.";
    ErrNotRevealed => "这位述职人还没有亮分。", "This presenter is not revealed yet.";
    ErrNotFound => "找不到这一项：它可能已被删掉，或者编号不对。", "Not found: it may have been removed, or the number is wrong.";
    ErrGeneric => "操作没有成功，请再试一次；一直不行的话，请告诉技术人员。", "That did not work; try again. If it keeps failing, tell the technician.";
    ErrRetrying => "连不上服务器，正在重试…", "Cannot reach the server; trying again…";
    SignedInHost => "本机已作为主持人登录。", "This device is signed in as the host.";
    JudgeLinksTitle => "评委链接和二维码", "Judges’ links and QR codes";
    PrintLinks => "打印", "Print";
    LinksLoopback => "这些二维码指向只有这台电脑能打开的地址（{host}），评委的手机扫了也打不开。", "These QR codes point to an address only this computer can open ({host}); judges’ phones cannot open them.";
    LinksPlainHttp => "这些链接用的是普通 http：手机打开后既不能安装擂台，也不能在没有网络时打分。", "These links use plain http: phones can neither install Leitai from them nor score offline.";
    LinksFix => "请让启动服务器的人用会场地址加 --public-url https://… 重新启动，并配好 HTTPS（见 docs/deploy.md），然后再打印。", "Ask whoever starts the server to restart it with --public-url https://… (the venue address) and HTTPS (see docs/deploy.md), then print again.";
    Reissue => "重新生成链接", "Issue a new link";
    ReissueDone => "已生成新链接，旧链接已失效。", "A new link is issued; the old one no longer works.";
    OpenLinks => "评委链接和二维码（可打印）", "Judges’ links and QR codes (printable)";
    [judge] Amended => "已修正", "amended";
    AmendReason => "为什么要计入（必填）", "Why count it (required)";
    AmendCount => "计入这份评分并修正结果", "Count this sheet and amend the result";
    AmendDone => "结果已修正，并记在审计日志里。", "The result is amended and recorded in the audit log.";
    NotFoundTitle => "找不到这个页面", "Page not found";
    NotFoundText => "请检查地址，或回到首页。", "Check the address, or go back to the start page.";
    BackHome => "回到首页", "Back to the start page";
    // Results, exports, receipts, audit, the judges' report and the next quarter.
    NavLabel => "主持人页面", "Host pages";
    NavConsole => "主持台", "Console";
    NavLinks => "评委链接", "Judges' links";
    NavResults => "结果", "Results";
    NavAudit => "审计与回执", "Audit & receipts";
    NavReport => "评委分析", "Judges' report";
    HostPagesSignIn => "请先用主持人链接登录主持台。", "Sign in at the host console with the host link first.";
    OpenResults => "查看结果", "See the results";
    DownloadFailed => "下载失败：", "The download failed:";
    ResultsTitle => "结果与签字表", "Results and sign-off";
    PublicResultsTitle => "结果", "Results";
    RankingTitle => "排名", "Ranking";
    EventDate => "日期", "Date";
    EventId => "活动编号", "Event";
    PrintedOn => "打印于", "Printed on";
    PreviousEventResults => "上一季度的结果", "The previous quarter's results";
    ExportResultsCsv => "结果 CSV", "Results CSV";
    ExportSheetsCsv => "全部评分表 CSV", "All sheets CSV";
    ExportXlsx => "Excel 工作簿（XLSX）", "Excel workbook (XLSX)";
    ExportBackup => "备份（JSON）", "Backup (JSON)";
    PrintSignOff => "打印签字表", "Print the sign-off sheet";
    TieBreakChain => "同分时依次比较：", "Equal finals are settled by:";
    TieUntrimmedMean => "不去掉最高最低分的平均分", "mean before dropping the highest and lowest";
    TieGroupSubtotal => "小计", " subtotal";
    DecidedScore => "按得分", "by score";
    DecidedTieBreak => "决胜：", "tie-break: ";
    DecidedShared => "并列", "shared";
    DecidedBy => "决定方式", "Decided by";
    NothingRevealed => "还没有亮分的述职人。", "No presenter has been revealed yet.";
    PlaceHeader => "名次", "Place";
    RankChangeHeader => "名次变化", "Change";
    RankUp => "上升", "up";
    RankDown => "下降", "down";
    RankSame => "名次不变", "same place";
    RankUpMark => "▲ 升 {n} 名", "▲ up {n}";
    RankDownMark => "▼ 降 {n} 名", "▼ down {n}";
    RankSameMark => "– 不变", "– same";
    RankNoPrevious => "没有上次名次", "no previous place";
    PreviousRank => "上次名次", "previous place";
    Notes => "备注", "Notes";
    ForcedBadge => "强制亮分", "forced reveal";
    NotYetRevealed => "尚未亮分", "Not revealed yet";
    MoreToCome => "其余述职人尚未亮分。", "The other presenters are not revealed yet.";
    BreakdownsTitle => "逐位明细", "Each presenter's breakdown";
    ExpandAll => "全部展开", "Expand all";
    CollapseAll => "全部收起", "Collapse all";
    ShowBreakdown => "查看明细", "Show the breakdown";
    HideBreakdown => "收起明细", "Hide the breakdown";
    FinalExact => "四舍五入前的得分", "Final before rounding";
    CountedSheets => "计入评分", "Sheets counted";
    Trimmed => "已去掉最高分和最低分", "highest and lowest dropped";
    NotTrimmed => "评分不足，未去分", "too few sheets to drop any";
    QuorumLabel => "亮分所需份数", "Sheets needed to reveal";
    ResultQuorumMet => "已达到", "met";
    ResultQuorumShort => "没有达到", "not met";
    RevealedAt => "亮分时间", "Revealed at";
    ResultHash => "结果校验码", "Check code";
    MarkHeader => "计分", "Counted";
    ReceiptHeader => "回执", "Receipt";
    Subtotal => "小计", "subtotal";
    Weight => "权重", "weight";
    KeptOf => "保留", "kept";
    MarkCounted => "计入", "counted";
    MarkDroppedHighest => "去掉（最高分）", "dropped (highest)";
    MarkDroppedLowest => "去掉（最低分）", "dropped (lowest)";
    MarkNoSheet => "无评分", "no sheet";
    MarkNotSubmitted => "未提交", "not submitted";
    MarkNotCounted => "未计入", "not counted";
    LateCounted => "亮分后到达，经修正计入", "arrived after the reveal, counted by an amendment";
    PaperEnteredBy => "纸质表（{name} 录入）", "paper sheet (entered by {name})";
    ScreenSoundNote => "轻点屏幕一次，开启计时提示音", "Tap the screen once to turn on the timer sound";
    AmendmentsTitle => "修正记录", "Amendments";
    AmendmentNo => "修正 #", "Amendment #";
    AmendReasonLabel => "修正理由", "Reason";
    LateSheetsCounted => "计入的迟到评分", "late sheets counted";
    SheetsCount => "{n} 份", "{n}";
    SignOffTitle => "签字确认", "Sign-off";
    SignOffText => "以上排名和明细经核对无误。", "We have checked the ranking and the breakdowns above.";
    Signature => "签字", "Signature";
    SignDate => "日期", "Date";
    NextQuarterTitle => "开始下一季度", "Start the next quarter";
    NextQuarterText => "用本次活动的评委组、评委和评分项新建一场活动，述职人按本次排名出场，并显示与本次相比的名次变化。评委将拿到新的链接。", "Make a new event with this event's groups, judges and criteria; the presenters speak in the order of this ranking, and its results show each one's change of place. The judges get new links.";
    NextId => "新活动编号", "New event id";
    NextIdHint => "只用小写字母、数字、- 和 _，例如 2026-q3。", "Lower-case letters, digits, - and _ only, e.g. 2026-q3.";
    NextTitle => "标题", "Title";
    NextDate => "日期（可选）", "Date (optional)";
    NextForce => "仍然创建：尚未亮分的述职人排在最后", "Create it anyway: presenters not revealed speak last";
    NextCreate => "创建下一季度", "Create the next quarter";
    NextCreated => "已创建，现在是当前活动：", "Created, and now the current event:";
    NextNotFinished => "还有述职人没有亮分。亮分后再创建，或勾选“仍然创建”。", "Some presenters are not revealed yet. Reveal them first, or tick \"Create it anyway\".";
    NextEventExists => "这个编号已被另一场活动使用，请换一个。", "Another event has this id already; pick another.";
    NextInvalid => "有内容需要修改：", "Some fields need a change:";
    NextPrintLinks => "打印新的评委链接", "Print the new judges' links";
    NextOpenResults => "新活动的结果", "The new event's results";
    AuditTitle => "审计日志与回执", "Audit log and receipts";
    AuditLogTitle => "审计日志", "Audit log";
    AuditOrderNote => "按服务器时间从早到晚排列；日志只追加，从不修改。", "Oldest first, by the server's clock; the log is only ever appended to.";
    FilterKind => "类别", "Kind";
    FilterAll => "全部", "All";
    KindOp => "评委提交", "Judges' ops";
    KindHost => "主持人操作", "Host actions";
    FilterAction => "操作", "Action";
    FilterOutcome => "结果", "Outcome";
    FilterClear => "清除筛选", "Clear the filters";
    DeviceHeader => "设备", "Device";
    ExportAuditCsv => "导出 CSV（按当前筛选）", "Export CSV (these filters)";
    AuditEmpty => "没有符合条件的记录。", "No entries match.";
    Showing => "第", "Showing";
    OfTotal => "条，共", "of";
    EntriesSuffix => " 条", "";
    SeqHeader => "序号", "No.";
    RecordNo => "回执序号", "Receipt no.";
    SheetVersion => "第 {n} 版", "version {n}";
    TimeHeader => "时间", "Time";
    WhoHeader => "操作者", "By";
    DetailHeader => "详情", "Details";
    PageFirst => "最早", "Oldest";
    PagePrev => "上一页", "Previous";
    PageNext => "下一页", "Next";
    PageNewest => "最新", "Newest";
    ActorCli => "命令行", "command line";
    ActionSync => "评委提交", "judge's op";
    ActionForcedReveal => "强制亮分", "Forced reveal";
    ActionReorder => "调整顺序", "Reorder";
    ActionAmend => "修正结果", "Amend a result";
    ActionImportEvent => "导入活动", "Import the event";
    ActionReplaceConfig => "替换配置", "Replace the config";
    ActionNextQuarter => "创建下一季度", "Start the next quarter";
    ActionCreatedFrom => "由上一季度创建", "Created from the previous quarter";
    ActionRestore => "从备份恢复", "Restore from a backup";
    ActionStartRehearsal => "开始彩排", "Start rehearsal";
    ActionEndRehearsal => "结束彩排（清除彩排评分）", "End rehearsal (its scores wiped)";
    ActionImportRoster => "导入名单", "Import roster";
    ActionMakeCurrent => "设为当前活动", "Made the current event";
    ActionCreateEvent => "新建活动", "Created the event";
    ActionCorrectConfig => "更正名称或标题", "Corrected a name or the title";
    ActionUnitLink => "发放责任单位链接", "Issued a unit's link";
    ActionStartReview => "开始回头看", "Started the review of the last session's items";
    ActionCarryItems => "转入上次会议未办结的事项", "Carried over the last session's open items";
    // ---- A unit's own page (/u/{token}) ----
    UnitLinksTitle => "责任单位的链接", "The units’ links";
    UnitLinksIntro => "每个责任单位用自己的链接查看交给它的事项、填写进展、报告办结，不用账号和密码。链接泄露了就重新生成，旧链接马上失效。", "Each unit opens its own link to see its items, post progress and report them done: no account, no password. If a link leaks, make a new one: the old one stops working at once.";
    UnitLinksItems => "{n} 件事项", "{n} items";
    UnitLinksIssue => "生成链接", "Make a link";
    UnitLinksReissue => "重新生成链接", "Make a new link";
    UnitLinksCopy => "复制链接", "Copy the link";
    ItemsLedgerXlsx => "下载台账（Excel）", "Download the ledger (Excel)";
    ItemsCarriedOver => "这件事项已转到下一次会议继续跟踪，请到那次会议的直通车里办理。", "This item is followed at the next session now: open it in that session’s follow-up page.";
    ItemsNotOnBallot => "这件事项现在不需要代表测评（还没有办结，或者已经测评过了）。", "This item is not up for the representatives’ vote (not accepted yet, or already voted on).";
    ErrReviewAfterStart => "述职已经开始，不能再回头看。回头看要在请第一位汇报人之前进行。", "The reports have begun: the review comes before the first presenter is called.";
    ItemsLedgerCsv => "下载台账（CSV）", "Download the ledger (CSV)";
    UnitLinksCopied => "链接已复制，可以粘贴到微信或短信里发给责任单位。", "Link copied: paste it into a message to the unit.";
    UnitLinksCopyByHand => "这个浏览器不能自动复制，请长按链接复制。", "This browser cannot copy it by itself: press and hold the link to copy it.";
    UnitLinksConfirm => "给“{unit}”重新生成链接后，旧链接马上失效。确定吗？", "A new link for “{unit}” stops the old one at once. Go on?";
    UnitLinksJump => "责任单位的链接（直通车）在本页下方", "The units’ links (follow-up items) are further down this page";
    UnitTitle => "责任单位的事项", "A unit's items";
    UnitBadLink => "这个链接已经失效。请向主持方要一个新的链接。", "This link no longer works: ask the host for a new one.";
    UnitRefused => "没有保存：这件事项的状态刚刚变了。请刷新页面再试。", "Not saved: the item has just changed. Reload the page and try again.";
    UnitBureau => "市局本级", "The city bureau itself";
    UnitIntro => "这里是交给本单位办理的事项。每办一步，在事项下面写上进展；办完了，写明办理结果，点“报告已办结”，等主持方验收。", "These are the items given to your unit. Write down each step of progress under its item; when one is done, write what was done and tap “Report done”, for the host to accept.";
    UnitNoItems => "目前没有交给本单位的事项。", "No items have been given to your unit.";
    UnitReportedDone => "已报告办结，等主持方验收；验收后状态改为“已办结”。", "Reported done: once the host accepts it, it shows as “Accepted”.";
    UnitStarted => "已开始办理。", "Work on it has started.";
    UnitNoteDone => "进展已保存。", "Progress saved.";
    UnitNeedText => "请先写上进展。", "Write the progress first.";
    UnitNeedDoneText => "请写明办理结果，再报告已办结。", "Write what was done before reporting it done.";
    UnitKey => "重点", "Key item";
    UnitDue => "办结时限：{date}", "Due: {date}";
    UnitLatest => "最新进展（{date}，共 {n} 条记录）：", "Latest ({date}, {n} entries):";
    UnitTextLabel => "进展或办理结果", "Progress, or what was done";
    UnitPostNote => "保存进展", "Save progress";
    UnitReportDone => "报告已办结", "Report done";
    UnitStart => "开始办理", "Start work";
    UnitWaiting => "已报告办结，等主持方验收；验收后状态改为“已办结”。", "Reported done: once the host accepts it, it shows as “Accepted”.";
    ActionRaiseItem => "交办直通车事项", "Follow-up item raised";
    ActionItemStep => "办理直通车事项", "Follow-up item step";
    ActionPaperSheet => "录入纸质评分表", "Paper sheet entered";
    NavSetup => "准备", "Set up";
    NavEvents => "活动", "Events";
    SetupNotCurrent => "这场还不是当前活动：主持台和大屏幕正在显示另一场。要彩排或正式开始，请先把它设为当前活动。", "This is not the current event: the console and the big screen show another one. To rehearse or run it, make it the current event first.";
    NavEdit => "设置", "Settings";
    // ---- Follow-up items (/host/items) ----
    NavItems => "直通车", "Follow-up";
    ItemsTitle => "局长直通车", "Follow-up items";
    ItemsIntro => "会上提出的事项在这里交办给责任单位，跟踪到办结，下次会上再回头看。", "Items raised at the session are assigned to the unit responsible here, followed until they are done, and reviewed at the next session.";
    ItemsFiguresTitle => "总体情况", "Overview";
    ItemsAssigned => "交办事项", "Items assigned";
    ItemsClosed => "已办结（含已销号）", "Done (accepted or closed)";
    ItemsInProgress => "正在办理", "In progress";
    ItemsOverdue => "已逾期", "Overdue";
    ItemsLongTerm => "长期推进（另计）", "Long-term (counted apart)";
    ItemsClosureRate => "办结率", "Closure rate";
    ItemsOnTimeRate => "按期办结率", "On-time closure rate";
    ItemsSatisfaction => "满意率", "Satisfaction rate";
    ItemsRateNote => "办结率和按期办结率不算已撤销和长期推进的事项；满意率按代表最近一次表决计算，弃权不算。还没有可算的，显示“—”。", "The closure rates leave out withdrawn and long-term items; the satisfaction rate counts each item’s latest vote, abstentions left out. A dash means there is nothing to count yet.";
    ItemsByUnit => "各单位情况", "By unit";
    ItemsBureau => "市局本级", "The city bureau itself";
    ItemsFiltersTitle => "筛选事项", "Filter the items";
    ItemsFilterAll => "全部", "All";
    ItemsFilterOverdue => "只看已逾期的事项", "Overdue items only";
    ItemsListTitle => "事项清单", "The items";
    ItemsNone => "还没有交办事项。", "No items yet.";
    ItemsNoMatch => "没有符合筛选条件的事项。", "No item matches the filters.";
    ItemsUnit => "责任单位", "Unit responsible";
    ItemsStatus => "办理状态", "Status";
    ItemsSource => "事项来源", "Where it came from";
    ItemsTitleField => "事项标题", "Title";
    ItemsDetail => "具体情况", "Details";
    ItemsRaisedBy => "提出的组别", "Raised by group";
    ItemsOwner => "责任人", "Person responsible";
    ItemsAssignedOn => "交办日期", "Assigned on";
    ItemsDue => "办理期限", "Due date";
    ItemsEarlierDues => "原来的期限", "Earlier due dates";
    ItemsLatestVote => "最近一次表决", "Latest vote";
    ItemsKey => "重点", "Key item";
    ItemsOpen => "查看详情并办理", "Details and steps";
    ItemsHide => "收起", "Hide the details";
    ItemsHistory => "办理经过", "History";
    ItemsEntryRaised => "交办，期限 {due}", "Assigned, due {due}";
    ItemsEntryMoved => "从“{from}”改为“{to}”", "From “{from}” to “{to}”";
    ItemsEntryPromised => "承诺 {due} 前完成", "Promised by {due}";
    ItemsEntryExtended => "期限延至 {due}", "Due date moved to {due}";
    ItemsEntryNote => "办理进展", "Progress note";
    ItemsEntryVoted => "代表表决：{votes}", "Representatives' vote: {votes}";
    ItemsEntryBehind => "标记为进度滞后", "Marked behind plan";
    ItemsEntryOnPlan => "取消进度滞后", "Behind plan cleared";
    ItemsEntryCarriedIn => "上次会议未办结，转到本次会议继续跟踪", "Not done at the last session: carried over to this one";
    ItemsEntryCarriedOut => "未办结，转到下次会议继续跟踪", "Not done: carried over to the next session";
    ItemsEntryReason => "原因：{reason}", "Reason: {reason}";
    ItemsSep => "；", ". ";
    ItemsStepsTitle => "办理这件事项", "Steps for this item";
    ItemsStepDone => "已记下。", "Recorded.";
    ItemsMoveTitle => "改变办理状态", "Change the status";
    ItemsMoveTo => "改为“{status}”", "Mark “{status}”";
    ItemsMoveConfirm => "确定把这件事项改为“{status}”吗？", "Mark this item “{status}”?";
    ItemsReason => "原因", "Reason";
    ItemsRequired => "（必填）", " (required)";
    ItemsOptional => "（可不填）", " (optional)";
    ItemsPromised => "承诺完成的日期", "Promised completion date";
    ItemsConfirm => "确定", "Confirm";
    ItemsNeedReason => "请写明原因。", "Write the reason.";
    ItemsNeedPromised => "请选一个承诺完成的日期，要晚于现在的期限 {due}。", "Choose the promised date, after the current due date, {due}.";
    ItemsExtendTitle => "延长办理期限", "Extend the due date";
    ItemsExtendDue => "新的期限", "New due date";
    ItemsExtendButton => "延长期限", "Extend";
    ItemsNeedLaterDue => "请选一个新的期限，要晚于现在的期限 {due}。", "Choose a new due date, after the current one, {due}.";
    ItemsNoteTitle => "记下办理进展", "Add a progress note";
    ItemsNoteLabel => "进展情况", "Progress";
    ItemsNoteButton => "记下进展", "Add the note";
    ItemsNeedNote => "请先写下进展情况。", "Write the progress first.";
    ItemsBehindTitle => "进度滞后", "Behind plan";
    ItemsBehindNow => "这件事项现在标记为进度滞后（黄色提醒）。", "This item is marked behind plan (a yellow flag).";
    ItemsBehindNot => "进度跟不上计划时，可以标记为进度滞后，事项上会出现黄色提醒。", "When the work falls behind its plan, mark it so: the item then shows a yellow flag.";
    ItemsBehindSet => "标记为进度滞后", "Mark behind plan";
    ItemsBehindClear => "取消进度滞后", "Clear behind plan";
    ItemsVoteTitle => "代表满意度表决", "Representatives' vote";
    ItemsVoteExplain => "填写每一项的票数。不满意的票超过一半（弃权不算）时，事项会复号，重新办理。", "Enter the count for each choice. When more than half the votes (abstentions aside) are unsatisfied, the item is reopened.";
    ItemsVoteButton => "记下表决结果", "Record the vote";
    ItemsNeedVotes => "票数要填整数，至少一票，合计不超过 1000 票。", "Counts are whole numbers: at least one vote, at most 1000 in all.";
    ItemsBadTransition => "这一步现在走不了：这件事项的状态已经变了。页面已刷新，请再看一下。", "That step cannot be taken now: the item’s status has changed. The list is reloaded; please look again.";
    ItemsDueNotLater => "新的日期要晚于现在的期限。", "The new date must be after the current due date.";
    ItemsUnchanged => "这件事项已经是这样了，不用再改。", "The item is already so; nothing to change.";
    ItemsFull => "这件事项的记录已经满了，不能再添加。", "This item’s history is full; nothing more can be added.";
    ItemsFieldsBad => "有内容没填对，请检查后重试。", "Something is not filled in right; check it and try again.";
    ItemsFieldsList => "这几项没填对：{list}。请检查后重试。", "These are not filled in right: {list}. Check them and try again.";
    RaiseTitle => "交办新事项", "Raise a new item";
    RaiseChooseUnit => "请选择责任单位", "Choose the unit";
    RaiseNoGroup => "不填", "None";
    RaiseKey => "重点事项", "Key item";
    RaiseSubmit => "交办", "Raise the item";
    RaiseDone => "已交办，编号 {number}", "Raised: number {number}";
    RaiseNeedUnit => "请选择责任单位。", "Choose the unit responsible.";
    RaiseNeedTitle => "请填写事项标题。", "Write the item’s title.";
    RaiseNeedOwner => "请填写责任人。", "Write the name of the person responsible.";
    RaiseNeedAssigned => "请选择交办日期。", "Choose the day it is assigned.";
    RaiseNeedDue => "请选择办理期限。", "Choose the due date.";
    RaiseDueBeforeAssigned => "办理期限不能早于交办日期。", "The due date cannot be before the day it is assigned.";
    RaiseItemLink => "交办事项", "Raise an item";
    NotesTitle => "评委意见建议", "Judges' points";
    NotesIntro => "评委打分时写下的意见建议，只有主持人能看到。需要交办的，点“转为事项”，核对后再点“交办”。", "What the judges wrote beside their scores; only the host sees it. To follow one up, tap “Make it an item”, check the form, then tap “Raise the item”.";
    NotesNone => "还没有评委写意见建议。", "No judge has written a point yet.";
    NotesGroup => "{group}评委", "A judge of {group}";
    NotesToItem => "转为事项", "Make it an item";
    // ---- The event editor (/host/edit) ----
    EditTitle => "活动设置", "Event settings";
    EditIntro => "在这里修改活动的各项设置。每改一处都会马上检查，有问题会在旁边用红字说明；全部改好后，点最下面的“保存设置”。", "Change the event’s settings here. Each entry is checked as you type, and a problem shows in red beside it; when all is well, press “Save the settings” at the bottom.";
    EditLockedStarted => "活动已经开始，为了不影响结果，现在只能更正标题、姓名、名称、单位和说明文字，其他设置不能再改。", "The event has started. So that the results stay as they are, only the title, names, units and descriptions can be corrected now; nothing else can change.";
    EditLockedRehearsal => "彩排正在进行，现在只能更正标题、姓名、名称、单位和说明文字。要改其他设置，请先结束彩排。", "A rehearsal is on: only the title, names, units and descriptions can be corrected now. End the rehearsal to change anything else.";
    EditBasics => "基本信息", "Basics";
    EditEventTitle => "活动标题", "Title";
    EditDate => "活动日期（可不填）", "Date (optional)";
    EditLanguage => "活动使用的语言", "Language of the event";
    EditLangZh => "中文", "Chinese";
    EditLangEn => "英文", "English";
    EditPhases => "流程与时长", "Phases and times";
    EditReport => "汇报时长", "Report time";
    EditDefence => "答辩时长", "Defence time";
    EditScoring => "评分时长", "Scoring time";
    EditTimeHint => "写成“分：秒”，例如 10：00 是 10 分钟；只写一个数就是几分钟。", "Minutes and seconds, like 10:00; a plain number is minutes.";
    EditBadTime => "看不懂这个时长。请照 10：00 这样写，或者只写分钟数，例如 10。", "This time cannot be read: write it like 10:00, or just the minutes, like 10.";
    EditGroups => "评委组", "Judge groups";
    EditGroupN => "第 {n} 个评委组", "Group {n}";
    EditGroupName => "组名", "Group name";
    EditGroupNameEmpty => "请填写评委组的名称。", "A group needs a name.";
    EditWeighting => "各组的分数怎样合成最后得分", "How the groups make the final score";
    EditWeightingOff => "不分组：所有评委的分数一起平均", "Not by group: one average over all judges";
    EditWeightingEqual => "各组平均：先算出每组的分，再把各组平均", "Groups count equally: each group’s score, then their average";
    EditWeightingCustom => "自定权重：每组按自己的权重计入", "Custom weights: each group counts by its own weight";
    EditWeight => "权重", "Weight";
    EditWeightHint => "填小数或百分数，例如 0.4 或 40%；各组加起来要正好是 1（也就是 100%）。", "A decimal or a percentage, like 0.4 or 40%; all groups add up to exactly 1 (100%).";
    EditBadWeight => "请填 0 到 1 之间的小数（例如 0.4），或者百分数（例如 40%）。", "Enter a decimal between 0 and 1 (like 0.4), or a percentage (like 40%).";
    EditAddGroup => "添加评委组", "Add a group";
    EditRemoveGroup => "删除这个评委组", "Remove this group";
    EditCriteria => "评分项", "Criteria";
    EditCriterionN => "第 {n} 个评分项", "Criterion {n}";
    EditCriterionName => "评分项名称", "Name";
    EditCriterionNameEmpty => "请填写评分项的名称。", "A criterion needs a name.";
    EditMin => "最低分", "Lowest score";
    EditMax => "最高分", "Highest score";
    EditStep => "每次加减的分数", "Score steps of";
    EditStepHint => "分数之间最小相差多少，例如 1 或 0.5。", "The smallest difference between two scores, like 1 or 0.5.";
    EditDescription => "说明（可不填）", "Description (optional)";
    EditBadScore => "请填一个数，例如 10 或 0.5。", "Enter a number, like 10 or 0.5.";
    EditAddCriterion => "添加评分项", "Add a criterion";
    EditRemoveCriterion => "删除这个评分项", "Remove this criterion";
    EditPresenters => "述职人", "Presenters";
    EditPresenterN => "第 {n} 位述职人", "Presenter {n}";
    EditPersonName => "姓名", "Name";
    EditUnit => "单位", "Unit";
    EditOrder => "出场顺序（可不填）", "Order of speaking (optional)";
    EditOrderHint => "填 1 就是第一个出场。都不填时，按上季度名次排；也没有名次时，按名单的先后。", "1 speaks first. Left empty for everyone, last quarter’s places set the order, or else this list’s order.";
    EditLastRank => "上季度名次（可不填）", "Last quarter’s place (optional)";
    EditSummary => "简介（可不填）", "Summary (optional)";
    EditBadCount => "请填一个整数，例如 3。", "Enter a whole number, like 3.";
    EditBadOptionalCount => "请填一个整数，或者空着不填。", "Enter a whole number, or leave it empty.";
    EditAddPresenter => "添加述职人", "Add a presenter";
    EditRemovePresenter => "删除这位述职人", "Remove this presenter";
    EditJudges => "评委", "Judges";
    EditJudgeN => "第 {n} 位评委", "Judge {n}";
    EditJudgeGroup => "所在评委组", "Group";
    EditChooseGroup => "请选择评委组。", "Choose a group.";
    EditRecused => "回避：不给这些述职人打分", "Recused: does not score these presenters";
    EditNoPresenters => "还没有述职人。", "No presenters yet.";
    EditAddJudge => "添加评委", "Add a judge";
    EditRemoveJudge => "删除这位评委", "Remove this judge";
    EditGroupFirst => "请先添加评委组，再添加评委。", "Add a group first, then the judges.";
    EditRules => "计分规则", "Scoring rules";
    EditTrimScope => "去掉最高分和最低分时", "Dropping the highest and lowest";
    EditTrimPanel => "全体评委的分数放在一起比", "Across all judges";
    EditTrimGroup => "每个评委组各自比", "Within each group";
    EditTrimHigh => "去掉几个最高分", "Highest totals dropped";
    EditTrimLow => "去掉几个最低分", "Lowest totals dropped";
    EditTrimMin => "评分表达到几份才去分", "Drop them from how many sheets";
    EditTrimMinHint => "份数不够时，不去分，直接算平均分。", "With fewer, nothing is dropped: a plain average.";
    EditQuorum => "至少收到几份评分表才能亮分", "Sheets needed before a reveal";
    EditQuorumGroup => "每个评委组至少交几份才能亮分", "Sheets needed from each group";
    EditQuorumGroupHint => "填 0 就是不要求。", "0: no such need.";
    EditDecimals => "得分显示几位小数", "Decimals shown";
    EditDecimals0 => "不显示小数", "None";
    EditDecimals1 => "1 位", "1";
    EditDecimals2 => "2 位", "2";
    EditTieBreak => "得分相同时，依次比较", "Equal final scores: compare in turn";
    EditTieStep => "第 {n} 步", "Step {n}";
    EditTieUntrimmed => "未去分的平均分", "The average before dropping";
    EditTieGroup => "评委组“{name}”的小计", "The subtotal of “{name}”";
    EditTieShared => "并列（不再比较）", "Share the place (stop here)";
    EditAddTieBreak => "添加一步", "Add a step";
    EditRemoveTieBreak => "删除这一步", "Remove this step";
    EditScreen => "大屏幕", "Big screen";
    EditShowJudgeNames => "亮分时在大屏幕上显示评委姓名（不勾选时只显示评委组）", "Show judges’ names on the big screen at a reveal (otherwise only their groups)";
    EditItems => "直通车事项的满意度测评", "Satisfaction votes on follow-up items";
    EditBasicallySatisfiedCounts => "“基本满意”算作满意（计入满意率）", "Count “basically satisfied” as satisfied (in the satisfaction rate)";
    EditReopenAbove => "不满意票超过多少时，事项复号重办", "Reopen an item when the unsatisfied votes are more than";
    EditReopenHalf => "超过一半", "half of the votes";
    EditReopenThird => "超过三分之一", "a third of the votes";
    EditReopenTwoThirds => "超过三分之二", "two thirds of the votes";
    EditReopenAny => "有一票不满意就复号", "none: one unsatisfied vote reopens it";
    EditCues => "计时提醒：还剩几秒时提醒", "Timer cues: at how many seconds left";
    EditCuesHint => "可以写几个数，用逗号隔开，例如 60，0 就是剩 1 分钟时和时间到时各提醒一次；空着就不提醒。", "Numbers separated by commas, like 60, 0: a minute left, and time up. Empty for none.";
    EditBadCues => "请写秒数，用逗号隔开，例如 60，0。", "Write seconds separated by commas, like 60, 0.";
    EditProblems => "还有 {n} 处要修改：", "To fix ({n}):";
    EditSave => "保存设置", "Save the settings";
    EditSaveBlocked => "还有 {n} 处要修改，改好才能保存", "Fix what is marked ({n}) to save";
    EditSaving => "正在保存…", "Saving…";
    EditSaved => "已保存。", "Saved.";
    EditUnsaved => "有修改还没有保存。", "Some changes are not saved yet.";
    EditServerProblems => "没有保存，服务器指出这些要修改：", "Not saved; the server asks to change these:";
    EditRefusedStarted => "没有保存：活动已经开始，只能更正标题、姓名、名称、单位和说明文字。其他修改已经恢复原样，更正的文字还在，可以再保存一次。", "Not saved: the event has started, and only the title, names, units and descriptions can be corrected. The other changes are undone; your corrected words are kept, so save again.";
    EditRefusedRehearsal => "没有保存：彩排正在进行，只能更正标题、姓名、名称、单位和说明文字。其他修改已经恢复原样，更正的文字还在，可以再保存一次。", "Not saved: a rehearsal is on, and only the title, names, units and descriptions can be corrected. The other changes are undone; your corrected words are kept, so save again.";
    EditFiles => "用文件修改", "Editing as a file";
    EditFilesText => "习惯用文件的同事，可以下载已保存的设置，改好后用 leitai check 命令检查，再照常导入。", "Prefer files? Download the saved settings, check your edits with leitai check, and import the file as before.";
    EditDownload => "下载 TOML 文件", "Download the TOML file";
    PickerLabel => "正在查看的活动", "Event shown";
    PickerCurrentMark => "（当前）", " (current)";
    PickerConsoleNote => "主持台总是运行当前活动。要换一场，请选择它并确认。", "The console always runs the current event. To switch, choose another and confirm.";
    EventsTitle => "活动", "Events";
    EventsIntro => "这里列出所有活动。大屏幕、主持台和评委手机跟着“当前活动”走；可以先新建下一场并准备好，到时再设为当前活动。", "Every event. The big screen, the console and the judges’ phones follow the current event: set up the next one here, and make it current when its day comes.";
    EventsNoDate => "未定日期", "No date yet";
    EventsCurrent => "当前活动", "Current event";
    EventsMadeFrom => "由“{title}”生成的下一季度", "The next quarter of “{title}”";
    EventsEdit => "编辑设置", "Edit settings";
    EventsPrepare => "名单与彩排", "Roster and rehearsal";
    EventsNextQuarter => "生成下一季度", "Make the next quarter";
    EventsCopy => "复制为新活动", "Copy as a new event";
    EventsMakeCurrent => "设为当前活动", "Make it current";
    EventsConfirmCurrent => "把“{title}”设为当前活动？大屏幕、主持台和评委手机都会换到这场活动。", "Make “{title}” the current event? The big screen, the console and the judges’ phones all switch to it.";
    EventsNewTitle => "新建活动", "New event";
    EventsStartFrom => "从哪里开始", "Start from";
    EventsFromBlank => "空白活动（先放一位示例述职人和评委，导入名单后替换）", "A blank event (one example presenter and judge, replaced when you import the roster)";
    EventsFromDemo => "示例活动：市局季度述职（10 位述职人，15 位评委）", "The demo: the city bureau’s quarterly review (10 presenters, 15 judges)";
    EventsFromCopy => "复制已有的活动（评委、述职人和评分办法都照搬）", "A copy of an earlier event (its judges, presenters and scoring rules)";
    EventsCopyWhich => "复制哪一场", "Which event to copy";
    EventsChoose => "请选择", "Choose one";
    EventsCopyTitle => "{title}（副本）", "{title} (copy)";
    EventsNameLabel => "活动名称", "Event name";
    EventsDateLabel => "日期", "Date";
    EventsLanguageLabel => "页面语言", "Language";
    EventsCreate => "新建", "Create";
    EventsNeedTitle => "请填写活动名称。", "Write the event’s name.";
    EventsNeedSource => "请选择要复制的活动。", "Choose the event to copy.";
    EventsMade => "已新建“{title}”。当前活动没有变；准备好后，在上面的列表里把它设为当前活动。", "“{title}” is made. The current event has not changed: make this one current in the list above when it is ready.";
    EventsEditNext => "下一步：编辑设置", "Next: edit its settings";
    EventsRosterNext => "导入名单", "Import the roster";
    SetupTitle => "准备活动", "Set up the event";
    SetupIntro => "比赛前在这里彩排、导入评委和述职人名单；评委的手机用不了时，在这里录入纸质评分表。", "Before the contest, rehearse and import the judges and presenters here; when a judge's phone fails, enter the paper sheet here.";
    SetupStateTitle => "活动进展", "Where the event is";
    SetupStateNow => "现在：", "Now:";
    SetupCounts => "评委 {judges} 位，述职人 {presenters} 位", "Judges: {judges}, presenters: {presenters}";
    StateDraft => "筹备中", "Draft";
    StateRehearsal => "彩排中", "Rehearsal";
    StateLive => "正式进行中", "Live";
    StateFinished => "已结束", "Finished";
    RehearsalExplain => "彩排时，评委用自己的真实链接打分，计时、亮分、大屏幕都和正式一样，但所有分数都不算数。", "In a rehearsal, judges use their real links and everything works as on the day, but nothing counts.";
    RehearsalStart => "开始彩排", "Start a rehearsal";
    RehearsalOnText => "正在彩排，大屏幕和评委的手机上都写着“彩排”。彩排完请点“结束彩排”，再正式开始。", "A rehearsal is on: the big screen and the judges' phones say so. When it is done, end it, then start for real.";
    RehearsalEnd => "结束彩排", "End the rehearsal";
    RehearsalConfirmText => "结束后，彩排时的评分、亮分和出场进度都会清除，不能恢复；名单和评委的链接不变。", "Ending it clears the rehearsal's scores, reveals and running order for good; the roster and the judges' links stay.";
    RehearsalConfirm => "确认结束并清除彩排评分", "End it and clear its scores";
    SetupCancel => "取消", "Cancel";
    RehearsalEnded => "彩排已结束，现在可以正式开始。", "The rehearsal has ended; the real contest can start.";
    WipedList => "已清除 {list}。", "Cleared {list}.";
    SetupListSep => "、", ", ";
    WipedSheets => "{n} 份评分", "{n} score sheet{s}";
    WipedReveals => "{n} 次亮分", "{n} reveal{s}";
    WipedLate => "{n} 份亮分后送到的评分", "{n} late sheet{s}";
    WipedAmendments => "{n} 次修正", "{n} amendment{s}";
    WipedShow => "出场进度已回到开头。", "The running order is back at its start.";
    WipedNothing => "彩排中没有留下评分，没有需要清除的。", "The rehearsal left no scores, so nothing needed clearing.";
    LiveText => "正式评分已经开始：不能再彩排，名单也不能再改。", "The real contest has started: no more rehearsals, and the roster can no longer change.";
    FinishedText => "所有述职人都已亮分，活动已结束。", "Every presenter is revealed; the event is over.";
    ErrEventStarted => "活动已经正式开始（已有评分、亮分或开始了述职），不能再彩排，名单也不能再改。", "The event has started for real (a score, a reveal or a report), so it can no longer be rehearsed or get a new roster.";
    ErrRehearsalOn => "正在彩排：请先结束彩排，再导入名单。", "A rehearsal is on: end it first, then import the roster.";
    ErrInvalidRoster => "名单里有要改的地方，见下面的提示。", "The roster has problems to fix; see below.";
    RosterTitle => "导入评委和述职人名单", "Import the judges and presenters";
    RosterExplain => "先下载名单模板，用 Excel 或 WPS 填好，每行一位评委或一位述职人；再选择填好的文件。导入前会先给您看一遍。", "Download the template and fill it in with Excel or WPS, one judge or presenter per row; then choose the file. You see it before anything is stored.";
    RosterTemplate => "下载名单模板", "Download the roster template";
    RosterChoose => "选择名单文件（Excel 或 CSV）", "Choose the roster file (Excel or CSV)";
    RosterReading => "正在读取名单…", "Reading the roster…";
    RosterFile => "文件：", "File:";
    RosterPreviewTitle => "名单预览", "Preview";
    RosterKind => "类型", "Type";
    RosterName => "姓名", "Name";
    RosterGroupOrUnit => "组别或单位", "Group or unit";
    RosterOrder => "顺序", "Order";
    KindJudge => "评委", "Judge";
    KindPresenter => "述职人", "Presenter";
    RosterProblemsTitle => "这些地方要改：", "To fix first:";
    RosterRowLabel => "第 {n} 行：", "Row {n}: ";
    RosterFixAndRetry => "请在表格里改好、保存，再重新选择文件。", "Fix them in the spreadsheet, save it, and choose the file again.";
    RosterNoRows => "文件里没有评委，也没有述职人。", "The file has no judges and no presenters.";
    RosterReplaces => "导入后，活动中原有的评委和述职人会换成这份名单；名字不变的评委，链接也不变。", "Importing replaces the event's judges and presenters with this roster; a judge whose name stays keeps the same link.";
    RosterImport => "导入名单", "Import the roster";
    RosterImporting => "正在导入…", "Importing…";
    RosterDone => "名单已导入：评委 {judges} 位，述职人 {presenters} 位。", "Roster imported: judges {judges}, presenters {presenters}.";
    RosterLinks => "打开评委链接页，打印发给评委", "Open the judges' links to print them";
    RosterTooLarge => "文件太大了（超过 1 MB）。名单只需要一张表，请删去图片和其他工作表。", "The file is too large (over 1 MB). Keep only the roster's table, without pictures or other sheets.";
    RosterUnreadable => "这个文件打不开，请换一个文件再试。", "This file could not be opened; try another one.";
    PaperTitle => "录入纸质评分表", "Enter a paper sheet";
    PaperExplain => "评委的手机用不了时，请评委在纸质表上打分、签名，再由您在这里录入。录入后就和评委在手机上提交的一样。", "When a judge's phone fails, the judge scores and signs a paper sheet and you enter it here; it then counts as if sent from the phone.";
    PaperChooseJudge => "请选择评委", "Choose the judge";
    PaperChoosePresenter => "请选择述职人", "Choose the presenter";
    PaperRecusedMark => "（回避）", " (recused)";
    PaperSubmitted => "已交纸质表（评委已签名交回）", "Paper sheet handed in (signed by the judge)";
    PaperSubmittedHint => "不勾选时只存为草稿，不算交卷。", "Unticked, it is kept as a draft, not handed in.";
    PaperClerk => "录入人", "Entered by";
    PaperClerkHint => "填您的姓名，会记在记录和回执上。", "Your name, for the record and the receipt.";
    PaperSend => "录入这份评分", "Enter this sheet";
    PaperSending => "正在录入…", "Entering…";
    PaperPickBoth => "请先选择评委和述职人。", "Choose the judge and the presenter first.";
    PaperNoJudges => "活动里还没有评委和述职人，请先导入名单。", "The event has no judges or presenters yet; import the roster first.";
    PaperBadValue => "“{name}”的分数不对，应为 {rule}。", "The score for “{name}” is not right: it takes {rule}.";
    PaperMissing => "交卷时每一项都要有分数：“{name}”还空着。", "A handed-in sheet needs every score: “{name}” is empty.";
    PaperApplied => "已计入", "Counted";
    PaperSuperseded => "没有采用：这位评委对这位述职人已有更新的评分。", "Not taken: this judge has a newer sheet for this presenter.";
    PaperLate => "已在亮分后收到，不计入，交主持人处理。", "Received after the reveal: not counted; the host decides.";
    PaperRejected => "被拒绝：", "Refused:";
    PaperReasonRecused => "这位评委需要回避这位述职人", "this judge is recused from this presenter";
    PaperReasonOther => "请核对后再录入一次；一直不行的话，请告诉技术人员", "check it and enter it again; if it keeps failing, tell the technician";
    PaperRetry => "没有送到服务器，请再点一次；同一份只会计入一次。", "It did not reach the server; tap again. It will count only once.";
    PaperReceipt => "回执序号 {seq}，回执码 {code}", "Receipt no. {seq}, code {code}";
    PaperPrint => "打印回执", "Print the receipt";
    PaperSlipTitle => "纸质评分表录入回执", "Paper sheet receipt";
    PaperSlipMarker => "纸质表", "Paper sheet";
    PaperSlipResult => "结果", "Result";
    PaperSignature => "评委签名：", "Judge's signature:";
    OutcomeApplied => "已记录", "applied";
    OutcomeSuperseded => "被更新的评分取代", "superseded";
    OutcomeLate => "亮分后到达", "late";
    OutcomeRejected => "被拒绝", "rejected";
    Yes => "是", "yes";
    No => "否", "no";
    DetailSubmitted => "已提交", "submitted";
    DetailDraft => "草稿", "draft";
    ClientTime => "手机时间", "Phone's time";
    DetailOpId => "操作编号", "Op id";
    DetailPreviousFinal => "原最终得分", "previous final";
    DetailPreviousHash => "原结果校验码", "previous check code";
    DetailEvent => "活动", "event";
    DetailPhase => "阶段", "phase";
    DetailMinSheets => "亮分所需份数", "sheets needed";
    DetailShortGroups => "缺评分的组", "groups short";
    DetailAmendmentN => "第几次修正", "amendment no.";
    DetailFile => "文件", "file";
    DetailExportedAt => "导出时间", "exported at";
    ReceiptTitle => "核对回执", "Check a receipt";
    ReceiptText => "评委手机上每份已同步的评分都显示序号和 8 位回执。输入序号（和手机上的回执），看服务器记录的是不是同一份。", "Each synced sheet on a judge's phone shows its number and an 8-digit receipt. Enter the number (and the phone's receipt) to see whether the server recorded the same sheet.";
    ReceiptOnPhone => "手机上的回执（可选）", "Receipt on the phone (optional)";
    ReceiptCheck => "核对", "Check";
    ReceiptBadSeq => "序号是一个整数，例如 42。", "The number is a whole number such as 42.";
    ReceiptBadHex => "回执是 8 位数字或字母 a–f，例如 68ba63f5。", "A receipt is 8 digits or letters a–f, such as 68ba63f5.";
    ReceiptMatches => "回执一致：", "The receipts match:";
    ReceiptMismatch => "回执不一致：", "The receipts do NOT match:";
    ReceiptMatchesText => "手机和服务器说的是同一份记录。", "The phone and the server are talking about the same record.";
    ReceiptMismatchText => "这不是同一份记录：核对序号，或请评委同步后再看手机上的回执。", "This is not the same record: check the number, or have the judge sync and read the phone's receipt again.";
    ReceiptRecorded => "服务器记录的回执是", "the server recorded receipt";
    ReceiptNone => "这个操作没有记录评分，所以没有回执", "this op recorded no sheet, so it has no receipt";
    ReceiptNotFound => "没有序号为 {n} 的记录。", "There is no record number {n}.";
    ReceiptCurrent => "是否为现行评分", "Current sheet";
    ReceiptIsCurrent => "是，这是该评委对该述职人的现行评分", "yes, the judge's sheet for this presenter as it stands";
    ReceiptNotCurrent => "否，已被更新的评分取代或未被采用", "no, replaced by a newer one or never taken";
    ReportTitle => "评委评分分析", "Judges' report";
    ReportCovers => "涵盖", "Covers";
    ReportPresenters => "位已亮分的述职人", "revealed presenters";
    ReportSheets => "份计入的评分", "counted sheets";
    ReportExplain => "偏差 = 评委（或评委组）的总分减去全体评委对同一述职人的平均分，再取平均：正数表示比全体打分高，负数表示低。标准差为总体标准差。去掉的最高分和最低分也算在内，因为那是评委给的分。", "Deviation = a judge's (or group's) total minus the panel's mean for the same presenter, averaged: above 0 scores higher than the panel, below 0 lower. Spreads are population standard deviations. Dropped highest and lowest totals count here: they are what the judge gave.";
    PanelAll => "全体评委", "The whole panel";
    StatCount => "份数", "Sheets";
    StatMean => "平均", "Mean";
    StatSd => "标准差", "SD";
    StatMin => "最低", "Min";
    StatMax => "最高", "Max";
    StatDeviation => "与全体偏差", "Deviation";
    StatAbsDeviation => "平均绝对偏差", "Mean abs. deviation";
    StatDropped => "被去掉（高/低）", "Dropped (high/low)";
    DriftTitle => "分数是否随出场顺序变化", "Do scores drift with the speaking order?";
    DriftSlope => "每晚一位出场，平均总分变化", "Change in mean total per later position";
    DriftIntercept => "回归线截距", "Intercept of the line";
    DriftCorrelation => "相关系数 r", "Correlation r";
    DriftChartTitle => "各出场位置的平均总分与最小二乘回归线", "Mean total by speaking position, with the least-squares line";
    DriftCaveat => "本次出场顺序按上季度排名安排，所以分数随顺序的变化也反映了谁被排在前面，而不只是评委疲劳。", "This contest's order follows last quarter's ranking, so a drift also reflects who was placed early, not only the judges' fatigue.";
    DriftTooFew => "只有 {n} 个出场位置的数据，太少了，还看不出分数和出场顺序有没有关系。", "Only {n} speaking positions so far: too few to tell whether scores drift with the order.";
    SpeakingPosition => "出场顺序", "Speaking position";
    MeanTotal => "平均总分", "Mean total";
    CorrStrong => "强", "strong";
    CorrModerate => "中等", "moderate";
    CorrWeak => "弱", "weak";
    CorrNegative => "出场越晚分数越低", "later speakers scored lower";
    CorrPositive => "出场越晚分数越高", "later speakers scored higher";
    ListComma => "，", ", ";
    JudgeStatsTitle => "各评委", "Each judge";
    JudgeChartTitle => "各评委与全体的平均偏差", "Each judge's mean deviation from the panel";
    GroupStatsTitle => "各评委组与全体的差异", "How each group differs from the panel";
    GroupHeader => "评委组", "Group";
    GroupByPositionNote => "右侧各列为该组对每个出场位置的述职人的平均分与全体平均分之差。", "The columns on the right give, for each speaking position, the group's mean minus the panel's.";
    ReviewHeading => "回头看：{title}", "Looking back: {title}";
    ReviewHeadingNone => "回头看", "Looking back";
    ReviewAssigned => "交办", "Assigned";
    ReviewClosed => "已办结", "Closed";
    ReviewInProgress => "办理中", "In progress";
    ReviewOverdue => "逾期", "Overdue";
    ReviewFlags => "提醒", "Flags";
    ReviewFlagOverdue => "逾期 {n}", "Overdue {n}";
    ReviewFlagDueSoon => "临期 {n}", "Due soon {n}";
    ReviewFlagBehind => "滞后 {n}", "Behind {n}";
    ReviewBureau => "市局本级", "City bureau";
    ReviewBallotTitle => "满意度测评", "Satisfaction vote";
    ReviewVotesSoFar => "已有 {n} 人测评", "{n} voted so far";
    ReviewVotesOf => "已有 {n} / {m} 人测评", "{n} of {m} have voted";
    CloseVoteEarly => "还有 {k} 位代表没有测评。现在结束，这件事项就按已收到的 {n} 票定结果，不能撤回。确定结束吗？", "{k} representatives have not voted yet. Closing now settles this item on the {n} votes in, and cannot be undone. Close it?";
    ReviewResultClosed => "已销号", "Closed off";
    ReviewResultReopened => "复号", "Reopened";
    ReviewResultReopenedWhy => "复号（不满意过半）", "Reopened (most were unsatisfied)";
    ReviewMoreItems => "另有 {n} 项", "{n} more";
    ReviewNoItems => "上一季度没有交办事项。", "The last session raised no items.";
    StartReview => "开始回头看", "Start the look back";
    StartReviewHint => "先在大屏幕上回顾上一季度交办事项的办理情况，请代表们测评，再请第一位汇报人。", "First look back on the big screen at the items the last session raised and let the representatives vote; then call the first presenter.";
    CallFirstPresenter => "请第一位汇报人", "Call the first presenter";
    ReviewConsoleTitle => "回头看：上一季度交办事项", "Looking back: the last session’s items";
    ReviewOnScreen => "大屏幕正在显示回头看。", "The big screen shows the look back.";
    CloseVote => "结束测评", "Close the vote";
    ReviewVoting => "测评中", "Voting";
    ReviewNoBallot => "没有要测评的事项。", "No item to vote on.";
    NavReview => "回头看", "Look back";
    ReviewReportTitle => "回头看报告", "Look-back report";
    ReviewReportLink => "回头看报告（可打印）", "The look-back report (printable)";
    ReviewPrint => "打印回头看报告", "Print the report";
    ReviewByUnit => "各单位办理情况", "By unit";
    ReviewItemsTitle => "逐项办理情况", "Item by item";
    ReviewNumber => "编号", "No.";
    ReviewItem => "事项", "Item";
    ReviewDue => "办结时限", "Due";
    ReviewClosedOn => "办结日期", "Closed on";
    ReviewProgress => "最新进展", "Latest progress";
    ReviewVote => "满意度测评", "Vote";
    ReviewNoPrevious => "这场活动不是由上一季度生成的，没有要回头看的事项。", "This event was not made from an earlier session: there is nothing to look back on.";
    ReviewFiguresTitle => "总体情况", "Overview";
}

/// The words for the code of a rejected op (`value_off_step`, …).
pub fn reason_msg(code: &str) -> Msg {
    match code {
        "unknown_presenter" => Msg::ReasonUnknownPresenter,
        "unknown_criterion" => Msg::ReasonUnknownCriterion,
        "value_out_of_range" => Msg::ReasonOutOfRange,
        "value_off_step" => Msg::ReasonOffStep,
        "recused" => Msg::ReasonRecused,
        "incomplete_submission" => Msg::ReasonIncomplete,
        "rehearsal_over" => Msg::ReasonRehearsalOver,
        _ => Msg::ReasonOther,
    }
}

/// The language signal, shared by every page through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn t(&self, msg: Msg) -> &'static str {
        tr(self.lang.get(), msg)
    }

    /// `t` without subscribing the caller to the language.
    pub fn t_untracked(&self, msg: Msg) -> &'static str {
        tr(self.lang.get_untracked(), msg)
    }

    /// `inner` in brackets as the language writes them: `（10）` in Chinese, ` (10)` in
    /// English.
    pub fn paren(&self, inner: impl std::fmt::Display) -> String {
        match self.lang.get() {
            Lang::Zh => format!("（{inner}）"),
            Lang::En => format!(" ({inner})"),
        }
    }

    /// A message with its `{name}` slots filled, e.g. `fill(Msg::SyncPending, &[("{n}", "2")])`.
    pub fn fill(&self, msg: Msg, slots: &[(&str, &str)]) -> String {
        fill(self.t(msg), slots)
    }
}

/// `text` with each slot (`{n}`, `{name}`, …) replaced by its value.
pub fn fill(text: &str, slots: &[(&str, &str)]) -> String {
    slots.iter().fold(text.to_string(), |out, (slot, value)| {
        out.replace(slot, value)
    })
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// The cookie that remembers a chosen language, so the server renders in it too.
pub const LANG_COOKIE: &str = "leitai_lang";

/// Reads the language a request asks for: the remembered choice, else `Accept-Language`.
pub fn lang_from_headers(cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
    cookie
        .into_iter()
        .flat_map(|c| c.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_tag(value))
        .unwrap_or_else(|| {
            accept_language
                .map(Lang::from_accept_language)
                .unwrap_or_default()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_choice_beats_the_browser_language() {
        assert_eq!(
            lang_from_headers(Some("a=1; leitai_lang=en"), Some("zh-CN")),
            Lang::En
        );
        assert_eq!(
            lang_from_headers(Some("leitai_lang=zh-CN"), Some("en-US")),
            Lang::Zh
        );
        assert_eq!(lang_from_headers(None, Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(lang_from_headers(Some("other=1"), None), Lang::Zh);
    }

    /// The judge's bundle empties every message not marked `[judge]`; each one the code
    /// of the judge's page names must be marked, or the phone would show a blank.
    #[test]
    fn the_judge_bundle_keeps_every_message_the_judges_page_uses() {
        let judge_sources = [
            include_str!("pages/judge.rs"),
            include_str!("components/pwa.rs"),
            include_str!("components/stage.rs"),
            include_str!("components/lang_switch.rs"),
            include_str!("app.rs"),
            include_str!("state/judge.rs"),
            include_str!("state/live.rs"),
            include_str!("state/pwa.rs"),
            include_str!("browser/mod.rs"),
            include_str!("browser/judge.rs"),
            include_str!("browser/live.rs"),
            include_str!("browser/pwa.rs"),
            include_str!("browser/session.rs"),
        ];
        let table = include_str!("i18n.rs");
        for source in judge_sources {
            for (at, _) in source.match_indices("Msg::") {
                let name: String = source[at + 5..]
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                assert!(
                    table.contains(&format!("[judge] {name} =>")),
                    "Msg::{name} is used by the judge's page but not marked [judge]"
                );
            }
        }
    }

    /// Every message in both languages, for checks over the whole table.
    fn all_texts() -> Vec<(usize, [&'static str; 2])> {
        TEXTS.iter().copied().enumerate().collect()
    }

    #[test]
    fn chinese_messages_use_full_width_punctuation() {
        let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        for (i, [zh, _]) in all_texts() {
            // Chinese text, or punctuation alone (a list's comma) that goes between it.
            if !zh.chars().any(cjk) && zh.chars().any(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            // What a host types as it stands (an address, an option) keeps its ASCII.
            let zh: String = zh
                .split(' ')
                .filter(|word| !word.contains("://") && !word.starts_with("--"))
                .collect::<Vec<_>>()
                .join(" ");
            for ascii in [':', ',', '(', ')', ';', '!', '?'] {
                assert!(
                    !zh.contains(ascii),
                    "message {i} ({zh:?}) has an ASCII {ascii:?}; Chinese text takes the full-width one"
                );
            }
            assert!(
                !zh.contains('"'),
                "message {i} ({zh:?}) has ASCII quotes; use “ ”"
            );
        }
    }

    #[test]
    fn no_message_shows_jargon_or_api_syntax() {
        for (i, [zh, en]) in all_texts() {
            for word in [
                "步长",
                "法定",
                "令牌",
                "哈希",
                "精确值",
                "{\"",
                "force",
                "quorum",
                "_",
            ] {
                let code_word = word == "_" && zh.contains("- 和 _");
                assert!(
                    code_word || !zh.contains(word),
                    "message {i} ({zh:?}) says {word:?}"
                );
            }
            assert!(!en.contains("{\""), "message {i} ({en:?}) shows JSON");
        }
    }

    #[test]
    fn slots_are_filled_in_both_languages() {
        assert_eq!(
            fill(tr(Lang::Zh, Msg::SyncPending), &[("{n}", "2")]),
            "2 份还没送到服务器"
        );
        assert_eq!(
            fill(
                tr(Lang::En, Msg::RangeRule),
                &[("{min}", "0"), ("{max}", "50"), ("{step}", "0.5")]
            ),
            "0–50 points, in steps of 0.5"
        );
        // Every slot a message names is one the code fills (no `{` left for a reader).
        for (i, [zh, en]) in all_texts() {
            for text in [zh, en] {
                let slots = text.matches('{').count();
                assert_eq!(slots, text.matches('}').count(), "message {i} ({text:?})");
            }
        }
    }

    #[test]
    fn both_languages_differ_for_the_switch() {
        assert_ne!(
            tr(Lang::Zh, Msg::SwitchLanguage),
            tr(Lang::En, Msg::SwitchLanguage)
        );
        assert_eq!(tr(Lang::Zh, Msg::AppName), "擂台");
    }
}
