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
    HomeIntro => "擂台让一场述职考评从头到尾在手机上完成:评委在自己的手机上打分,即使会场没有网络也不会丢失任何分数;主持人掌控顺序、计时和亮分;大屏幕当场揭晓得分和排名。",
        "Leitai runs a review contest end to end on phones: judges score on their own phones and never lose a mark, even when the venue's Wi-Fi fails; the host runs the order, the timers and the reveals; the big screen reveals each score and the ranking live.";
    HomeJudgeTitle => "评委", "Judges";
    HomeJudgeText => "打开主持人发给您的链接或扫描二维码,把擂台添加到主屏幕,离线也能打分。", "Open the link or scan the QR code the host gives you, add Leitai to your home screen, and score even offline.";
    HomeHostTitle => "主持人", "Host";
    HomeHostText => "用主持人链接进入主持台,掌控流程、计时、亮分和结果。", "Open the host console with your host link to run the order, timers, reveals and results.";
    HomeScreenTitle => "大屏幕", "Big screen";
    HomeScreenText => "在投影上打开大屏幕页,无需登录,自动跟随现场。", "Open the screen page on the projector: no login, it follows the room by itself.";
    OpenHost => "进入主持台", "Open the host console";
    OpenScreen => "打开大屏幕", "Open the big screen";
    HostTitle => "主持台", "Host console";
    HostAskLink => "请粘贴启动服务器时显示的主持人链接(或其中的令牌)。", "Paste the host link the server printed at start (or the token in it).";
    HostLinkLabel => "主持人链接或令牌", "Host link or token";
    HostSignIn => "进入", "Sign in";
    HostSignOut => "退出", "Sign out";
    HostChecking => "正在核对…", "Checking…";
    HostSignedIn => "已作为主持人登录。", "Signed in as the host.";
    HostBadToken => "这个链接或令牌不对,请核对后重试。", "That link or token is not right; check it and try again.";
    HostOffline => "无法连接服务器,请检查网络后重试。", "Cannot reach the server; check the connection and try again.";
    HostEmpty => "请先粘贴主持人链接。", "Paste the host link first.";
    ScreenOrder => "出场顺序", "Order of presentation";
    ScreenNoEvent => "还没有活动。", "There is no event yet.";
    [judge] Loading => "加载中…", "Loading…";
    LoadFailed => "加载失败,正在重试…", "Could not load; retrying…";
    [judge] JudgeNoSession => "请打开主持人发给您的评委链接,或扫描二维码。", "Open the judge link or scan the QR code the host gave you.";
    [judge] JudgeBadLinkTitle => "这个评委链接无效", "This judge link does not work";
    [judge] JudgeBadLinkText => "链接可能输错了,或已被主持人收回。请向主持人索取新的链接。已保存在本机的评分不会丢失。", "It may be mistyped, or the host has revoked it. Ask the host for a new link; scores saved on this phone are kept.";
    [judge] JudgeNeedsNetwork => "第一次打开需要联网。请连接网络后重试。", "The first sign-in needs a connection. Connect, then try again.";
    [judge] Retry => "重试", "Try again";
    [judge] SyncOnline => "在线", "Online";
    [judge] SyncOffline => "离线:评分保存在本机,联网后自动同步", "Offline: scores stay on this phone and sync when the connection returns";
    [judge] SyncSyncing => "正在同步…", "Syncing…";
    [judge] SyncPending => "项更改尚未到达服务器", "change(s) not yet on the server";
    [judge] SyncAllDone => "全部已同步到服务器", "Everything is on the server";
    [judge] SyncLast => "上次同步", "Last synced";
    [judge] SyncNever => "尚未同步", "Not synced yet";
    [judge] SyncNow => "立即同步", "Sync now";
    [judge] StorageRefused => "本机拒绝保存评分!请不要关闭此页,并告诉主持人。", "This phone refused to store the scores! Keep this page open and tell the host.";
    [judge] SavedOnDevice => "已保存在本机", "Saved on this device";
    [judge] StatusNotStarted => "未开始", "Not started";
    [judge] StatusInProgress => "填写中", "In progress";
    [judge] StatusSubmitted => "已提交,待同步", "Submitted, not yet synced";
    [judge] StatusSynced => "已同步", "Synced";
    [judge] StatusRevealed => "已亮分", "Revealed";
    [judge] StatusRecused => "回避", "Recused";
    [judge] AllPresenters => "返回列表", "All presenters";
    [judge] Range => "范围", "Range";
    [judge] Step => "步长", "step";
    [judge] Decrease => "减", "Decrease";
    [judge] Increase => "加", "Increase";
    [judge] Total => "总分", "Total";
    [judge] Submit => "确认提交", "Submit";
    [judge] SubmitChanges => "确认修改", "Submit changes";
    [judge] DiscardChanges => "放弃修改", "Discard changes";
    [judge] SubmittedNote => "已提交。亮分前仍可修改。", "Submitted. You can still change it until the reveal.";
    [judge] ReceiptLabel => "服务器回执", "Server receipt";
    [judge] UpdateReady => "擂台有新版本。重新载入后,本机尚未同步的评分都还在。", "A new version of Leitai is ready. Scores not yet synced stay on this phone through the reload.";
    [judge] UpdateReload => "重新载入", "Reload";
    [judge] InstallTitle => "把擂台安装到主屏幕", "Install Leitai on your home screen";
    [judge] InstallWhy => "安装后没有网络也能打开和打分。", "Installed, it opens and scores with no network.";
    [judge] InstallButton => "安装", "Install";
    [judge] InstallLater => "以后再说", "Later";
    [judge] InstallIosStep1 => "点 Safari 下方的“分享”按钮(方框加向上箭头)。", "Tap Safari's Share button (the square with an arrow).";
    [judge] InstallIosStep2 => "向下滑动,选择“添加到主屏幕”,再点“添加”。", "Scroll down, choose \"Add to Home Screen\", then \"Add\".";
    [judge] InstallIosStep3 => "以后从主屏幕上的擂台图标打开。", "From now on, open Leitai from its home-screen icon.";
    [judge] InstallIosAdvice => "请只在主屏幕上的擂台里打分:iOS 把主屏幕应用的存储与 Safari 分开,在 Safari 里打的分不会出现在应用里。", "Score only in the home-screen app: iOS keeps its storage apart from Safari's, so marks entered in Safari do not appear in the app.";
    [judge] InstallOther => "在浏览器菜单里选择“安装应用”或“添加到主屏幕”。", "In the browser's menu, choose \"Install app\" or \"Add to Home screen\".";
    [judge] StoragePersisted => "本机存储已设为持久:浏览器不会自行清除评分。", "Storage is persistent: the browser will not clear the scores by itself.";
    [judge] StorageNotPersisted => "浏览器没有同意持久存储:空间紧张时它可能清除本机数据。请保持同步,并从主屏幕上的擂台打分。", "The browser did not grant persistent storage: it may clear this phone's data when space runs low. Keep syncing, and score from the installed app.";
    [judge] EditingNote => "修改尚未提交,服务器仍保留上次提交的评分。", "These changes are not submitted; the server keeps your last submitted sheet.";
    [judge] MissingScores => "请先为每一项打分:", "Score every criterion first:";
    [judge] NotAllowedValue => "不在范围内或不符合步长", "outside the range or off the step";
    [judge] RecusedNote => "您回避此述职人,无需评分。", "You are recused from this presenter and do not score them.";
    [judge] RevealedResult => "亮分结果", "Revealed result";
    [judge] FinalScore => "最终得分", "Final score";
    [judge] YourSheetCounted => "您的评分已计入。", "Your sheet was counted.";
    [judge] YourSheetNotCounted => "您的评分未计入。", "Your sheet was not counted.";
    [judge] YourSheetLate => "您的评分在亮分后才到达,已交主持人,不计入成绩。", "Your sheet arrived after the reveal: the host has it, but it is not counted.";
    [judge] VerdictApplied => "服务器已记录", "Recorded by the server";
    [judge] VerdictSuperseded => "已被您另一台设备上更新的评分取代", "Replaced by a newer sheet from your other device";
    [judge] VerdictLate => "亮分后才到达,不计入成绩", "Arrived after the reveal; not counted";
    [judge] VerdictRejected => "服务器拒绝了这份评分:", "The server refused this sheet:";
    [judge] ReasonUnknownPresenter => "活动中没有这位述职人", "this presenter is not in the event";
    [judge] ReasonUnknownCriterion => "评分项已不在活动中", "a criterion is no longer in the event";
    [judge] ReasonOutOfRange => "有分数超出范围", "a score is outside its range";
    [judge] ReasonOffStep => "有分数不符合步长", "a score is off the step";
    [judge] ReasonRecused => "您回避此述职人", "you are recused from this presenter";
    [judge] ReasonIncomplete => "提交时有评分项未填", "a criterion was empty on submission";
    [judge] PhaseWaiting => "候场", "Up next";
    [judge] PhaseReport => "述职报告", "Report";
    [judge] PhaseDefence => "现场答辩", "Defence";
    [judge] PhaseScoring => "评委评分", "Scoring";
    [judge] PhaseRevealed => "已亮分", "Revealed";
    PhaseNotStarted => "尚未开始", "Not started yet";
    Submitted => "已提交评分", "Sheets submitted";
    Ranking => "当前排名", "Ranking so far";
    [judge] FinalLabel => "最终得分", "Final score";
    [judge] Dropped => "去掉", "dropped";
    [judge] DroppedHighest => "最高分", "highest";
    [judge] DroppedLowest => "最低分", "lowest";
    [judge] GroupSubtotals => "各组平均", "Group averages";
    [judge] Place => "第", "No.";
    [judge] PlaceSuffix => "名", "";
    Reconnecting => "正在重新连接…", "Reconnecting…";
    NowOnStage => "当前", "Now";
    RunOfShow => "流程", "Run of show";
    StartFirst => "开始第一位述职", "Start the first report";
    StartReport => "开始述职", "Start the report";
    StartDefence => "开始答辩", "Start the defence";
    OpenScoring => "开始评分", "Open scoring";
    Reveal => "亮分", "Reveal";
    ForceReveal => "确认强制亮分", "Reveal anyway (forced)";
    NextPresenter => "下一位", "Next presenter";
    Undo => "撤销上一步", "Undo the last step";
    Preview => "预览得分(仅主持人可见)", "Preview the result (host only)";
    MoveUp => "上移", "Move up";
    MoveDown => "下移", "Move down";
    QuorumRefused => "未达到法定评分数,亮分被拒绝:", "Below quorum, the reveal was refused:";
    QuorumOk => "已达到法定评分数", "Quorum met";
    QuorumShort => "尚未达到法定评分数", "Quorum not met yet";
    ProgressTitle => "评分进度", "Scoring progress";
    DevicesTitle => "评委设备", "Judges' devices";
    DeviceLastSeen => "最近联系", "Last contact";
    DevicePending => "待同步", "Pending";
    LateTitle => "亮分后到达的评分", "Scores that arrived after the reveal";
    LateNone => "没有。", "None.";
    LateJudge => "评委", "Judge";
    LatePresenter => "述职人", "Presenter";
    LateValues => "分数", "Scores";
    LateReceived => "到达时间", "Received";
    ActionFailed => "操作失败:", "That did not work:";
    JudgeLinksTitle => "评委链接和二维码", "Judges' links and QR codes";
    PrintLinks => "打印", "Print";
    Reissue => "重新生成链接", "Issue a new link";
    ReissueDone => "已生成新链接,旧链接已失效。", "A new link is issued; the old one no longer works.";
    OpenLinks => "评委链接和二维码(可打印)", "Judges' links and QR codes (printable)";
    QuorumNeeds => "亮分至少需要", "A reveal needs at least";
    QuorumSheets => "份评分", "sheets";
    QuorumShortGroups => "仍缺评分的组:", "groups still short:";
    [judge] Amended => "已修正", "amended";
    AmendReason => "修正理由(必填)", "Reason for the amendment (required)";
    AmendCount => "计入此评分并修正结果", "Count this score and amend the result";
    AmendDone => "结果已修正,并记入审计日志。", "The result is amended and recorded in the audit log.";
    NotFoundTitle => "找不到这个页面", "Page not found";
    NotFoundText => "请检查地址,或回到首页。", "Check the address, or go back to the start page.";
    BackHome => "回到首页", "Back to the start page";
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
            include_str!("live.rs"),
            include_str!("browser/judge.rs"),
            include_str!("browser/live.rs"),
            include_str!("browser/pwa.rs"),
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

    #[test]
    fn both_languages_differ_for_the_switch() {
        assert_ne!(
            tr(Lang::Zh, Msg::SwitchLanguage),
            tr(Lang::En, Msg::SwitchLanguage)
        );
        assert_eq!(tr(Lang::Zh, Msg::AppName), "擂台");
    }
}
