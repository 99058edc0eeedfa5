"""Hand-written sentiment terms for Chinese and Japanese (no spaces, so terms are found as substrings),
plus emoji and emoticons shared by every language. Steward's own lists, not copied.

EXPECTED lists what a customer counts on (a reply, logging in): neutral alone, negative when negated.
Chinese lists hold simplified and traditional forms. Chinese negation comes before the term (不好, 沒有用),
possibly with a degree adverb between (不太稳定, 不是很好); Japanese negation follows it (良くない,
好きじゃない, 満足していません), or a negative prefix is glued to it (不親切). Terms are matched longest
first, so a compound (不错, 不稳定, 用不了, 使いにくい) wins over the shorter term inside it.

In Japanese, an entry ending in `~` is an i-adjective stem: "遅~" stands for 遅い, 遅く, 遅かっ, 遅すぎ.
NEUTRAL holds compounds that contain a sentiment character or a negator but carry no sentiment (不少 "quite
a few", 好像 "seems", 尽快 "as soon as possible", 出差 "business trip", よく "often"); they are masked out
before matching.
"""

from __future__ import annotations

from typing import Final

# language -> (positive, negative, strong positive, strong negative)
CJK: Final[dict[str, tuple[str, str, str, str]]] = {
    "zh": (
        # positive
        """好 好用 好吃 好看 喜欢 喜歡 满意 滿意 开心 開心 高兴 高興 快乐 快樂 方便 简单 簡單 快 快速
        迅速 及时 及時 流畅 流暢 顺利 順利 顺畅 順暢 丝滑 絲滑 稳定 穩定 可靠 实用 實用 有用 推荐 推薦
        值得 划算 劃算 便宜 实惠 實惠 合理 感谢 感謝 谢谢 謝謝 漂亮 美观 美觀 干净 乾淨 新鲜 新鮮
        好评 好評 舒服 耐心 热心 熱心 细心 細心 贴心 貼心 周到 负责 負責 专业 專業 热情 熱情 友好
        清楚 清晰 直观 直觀 易用 上手快 容易上手 好上手 易上手 上手 省时 省時 省心 省事 省力 节省 節省
        省下 省了 高效 效率高 提升 提高 改善 改进了 改進了 进步 進步 成功 解决 解決 修复了 修復了
        搞定 给力 給力 强大 強大 完整 齐全 齊全 全面 丰富 豐富 灵活 靈活 准确 準確 放心 安心 惊喜 驚喜
        赞 讚 不错 不錯 优秀 優秀 厉害 厲害 靠谱 靠譜 性价比 性價比 物美价廉 物美價廉 值回票价 了不起""",
        # negative
        """差 坏 壞 烂 爛 糟 糟糕 慢 贵 貴 偏贵 偏貴 偏高 太高 太久 太长 太長 太少 太晚 涨价 漲價 涨了
        漲了 乱收费 亂收費 不值 难用 難用 难吃 難吃 难看 難看 难学 難學 难上手 難上手 讨厌 討厭 失望
        生气 生氣 愤怒 憤怒 难过 難過 伤心 傷心 麻烦 麻煩 繁琐 繁瑣 复杂 複雜 困难 困難 问题 問題 错误
        錯誤 出错 出錯 报错 報錯 异常 異常 失败 失敗 故障 崩溃 崩潰 闪退 閃退 卡顿 卡頓 卡住 很卡 太卡
        好卡 有点卡 有點卡 死机 死機 当机 當機 宕机 宕機 挂了 掛了 崩了 bug 缺陷 漏洞 无法 無法 不能用
        用不了 不了 打不开 打不開 打不通 登不上 连不上 連不上 找不到 收不到 查不到 看不到 做不到 达不到
        達不到 不起 看不懂 搞不懂 学不会 學不會 不会用 不會用 丢失 丟失 遗失 遺失 丢了 丟了 不稳定
        不穩定 垃圾 浪费 浪費 白花 鸡肋 雞肋 没用 沒用 无聊 無聊 脏 髒 冷淡 敷衍 推诿 推諉 不耐烦
        不耐煩 没人理 沒人理 没人回 沒人回 没有人回 沒有人回 没回复 沒回覆 没有回复 沒有回覆 不回复
        不回覆 未回复 未回覆 等待 等了 要等 得等 等很久 等好久 等半天 延迟 延遲 拖延 投诉 投訴 退款
        后悔 後悔 可惜 遗憾 遺憾 担心 擔心 害怕 危险 危險 骗 騙 欺骗 欺騙 坑 差评 差評 不满 不滿 不爽
        困扰 困擾 头疼 頭疼 头痛 頭痛 烦人 煩人 郁闷 鬱悶 影响工作 影響工作 影响使用 影響使用 粗鲁
        粗魯 态度差 態度差 效率低 低效 性价比低 性價比低 有待改进 有待改進 有待提高 有待提升 需要改进
        需要改進 希望改进 希望改進 希望改善 需要改善 有待改善 取消""",
        # strong positive
        """非常好 很好 太好了 完美 棒 很棒 超棒 极好 極好 出色 惊艳 驚艷 爱 愛 超赞 超讚 物超所值 超值
        解决了 解決了 一流""",
        # strong negative
        """最差 很差 极差 極差 太差 恶心 噁心 垃圾 恨 糟透了 骗子 騙子 坑人 无法使用 無法使用 根本用不了
        性价比不高 性價比不高 性价比差 性價比差""",
    ),
    "ja": (
        # positive
        """良~ よい よかっ いい 好き 嬉し~ うれし~ 楽し~ 満足 便利 簡単 早~ 速~ 素早~ 迅速 快適 安定
        スムーズ 順調 信頼 頼り やす~ 分かりやす~ わかりやす~ 役立 役に立 重宝 おすすめ お勧め オススメ
        美味し~ おいし~ 綺麗 きれい 清潔 親切 丁寧 助か ありがとう 感謝 安~ お得 割安 改善され
        改善しました 向上 効率化 時短 成功 期待通り 素敵 すてき 可愛~ かわいい 面白~ 感動 安心 充実
        直感的 分かりやすく 使いこなせ 手軽 気軽 解決 高品質 高性能 高機能 精度が高 品質が高 性能が高
        評価が高 満足度が高 効率が上が 効率が良 高く評価""",
        # negative
        """悪~ だめ ダメ 駄目 嫌い 嫌だ いやだ 遅~ 重~ 高~ 割高 値上げ 不便 難し~ にく~ づら~ 複雑 面倒
        手間 煩雑 不安定 問題 エラー バグ 障害 失敗 落ちる 落ちて 落ちま 落ちた 固まる 固まっ 固まり
        フリーズ クラッシュ 止まる 止まっ 止まり 動かな 繋がらな つながらな 開かな 開けな 表示されな
        反映されな 保存できな ログインできな できなくな 消えてしま 消えた 消えま 消失 壊れ 故障 不具合
        間違 誤り 誤請求 二重請求 重複請求 残念 がっかり ガッカリ 不満 不快 不親切 不十分 不足 足りな
        怒 腹立 イライラ ストレス 悲し~ つまらな 退屈 汚~ まず~ 不味~ 失礼 待たされ 待ち 遅延 返金 解約
        キャンセル 後悔 心配 不安 怖~ 危険 詐欺 無駄 酷~ ひど~ 困っ 困る 困り 困った 期待外れ 期待はずれ
        落ちやす 止まりやす 固まりやす 間違えやす うまくいかな うまく動かな
        改善してほし 改善して欲し 改善してくださ 改善を希望 改善をお願""",
        # strong positive
        """最高 素晴らし~ すばらし~ 完璧 大好き 大満足 感激 絶賛 神 大変助か""",
        # strong negative
        """最悪 最低 大嫌い 二度と 使えな 使い物にならな 話にならな 論外 仕事にならな""",
    ),
}

# Things a customer expects (a reply, logging in, syncing): neutral alone, negative when negated (没回复,
# 无法同步, 返事がありません, 対応していません).
EXPECTED: Final[dict[str, str]] = {
    "zh": """回复 回覆 回应 回應 答复 答覆 反馈 反饋 响应 響應 理会 理會 登录 登錄 登入 打开 打開 加载 加載
    同步 保存 导出 導出 导入 導入 连接 連接 收到 处理 處理 联系 聯繫 通知""",
    "ja": """返事 返信 回答 連絡 反応 対応 ログイン 接続 同期 保存 表示 起動 読み込 連携 動作 動い 動き 動く
    反映 通知 改善""",
}

# Compounds masked out before matching (see the module docstring).
NEUTRAL: Final[dict[str, str]] = {
    "zh": """不少 不断 不斷 不仅 不僅 不但 不同 不久 不管 不停 不一定 不用 不过 不過 不得不 无论 無論
    无限 無限 无需 無需 无线 無線 毫无疑问 毫無疑問 没想到 沒想到 好像 好几 好幾 好多 好久 只好 还好
    還好 好好 好的 好处 好處 正好 刚好 剛好 最好是 好不容易 尽快 儘快 盡快 快要 快到 快递 快遞 慢慢
    差不多 出差 差异 差異 时差 時差 差距 差额 差額 信用卡 卡片 会员卡 會員卡 未来 未來 非得 是非 除非
    支持 希望 问题反馈 問題反饋 有问题请 有問題請 问一下 問一下 请问 請問
    你好 您好 最好能 最好可以 对不起 對不起""",
    "ja": """よく よろしく 良ければ よければ お待ち 待ち合わせ 高さ 早速 早め 早急 問題ないか 問題ありませんか
    でしょうか ください いただけ""",
}

# Chinese: negators (before a term) and degree adverbs that may stand between negator and term.
ZH_NEGATORS: Final = (
    "并不",
    "並不",
    "不是",
    "没有",
    "沒有",
    "毫无",
    "毫無",
    "不",
    "没",
    "沒",
    "无",
    "無",
    "未",
)
ZH_BOOSTERS: Final = (
    "非常", "特别", "特別", "十分", "相当", "相當", "实在", "實在", "真的", "极其", "極其", "超级", "超級",
    "太", "很", "挺", "真", "超", "极", "極", "蛮", "蠻", "好",
)  # fmt: skip
# Words that may sit between a negator and the term without breaking the negation (不是很好, 一直没解决).
ZH_FILLERS: Final = (
    "比较", "比較", "有点", "有點", "那么", "那麼", "怎么", "怎麼", "这么", "這麼",
    "够", "夠", "是", "大", "再", "还", "還", "也", "都", "能",
)  # fmt: skip
# The clause after these carries the verdict (但是 = but; 不但 "not only" is not one).
ZH_CONTRAST: Final = r"(?<!不)但是|(?<!不)但|可是|不过|不過|然而|却|卻|只是"

# Japanese: negation forms that follow a term, optionally after a particle or auxiliary.
JA_NEGATION_AFTER: Final = (
    r"(?:くは|くも|く|では|じゃ|で|に|が|は|も)?(?:して|され|でき|なら|し|あり|ござい)?(?:て|では|ては)?"
    r"(?:い)?(?:ない|なかった|なく|ません|ず|ぬ)"
)
JA_PREFIX_NEGATORS: Final = "不無非未"
JA_BOOSTERS: Final = (
    "とても",
    "非常に",
    "すごく",
    "本当に",
    "かなり",
    "大変",
    "めちゃくちゃ",
    "超",
    "とっても",
)
JA_CONTRAST: Final = r"でも|けど|けれど|しかし|が、|ものの|のに|ただ、"
JA_I_ADJECTIVE_ENDINGS: Final = ("い", "く", "かっ", "すぎ", "さ")

# Emoji and emoticons, the same in every language (tweets and chat comments lean on them).
EMOJI_POSITIVE: Final = """😀 😃 😄 😁 😆 😊 😍 🥰 😘 😻 👍 👏 🙌 💪 🎉 🥳 ❤ ❤️ 💕 💖 💗 💙 💚 💛 💜 😎 🙂 😉
    ☺ 😂 🤣 ✨ 🔥 ⭐ 🌟 💯 ✅ 🙏 :) :-) :D :-D =) ;) ;-) <3 xD"""
EMOJI_NEGATIVE: Final = """😞 😟 😠 😡 🤬 😢 😭 😩 😫 😤 😒 😔 😕 🙁 ☹ 👎 💔 😱 😨 😰 🤮 🤢 😣 😖 ❌ 🙄
    :( :-( :'( :/ :-/ >:("""
