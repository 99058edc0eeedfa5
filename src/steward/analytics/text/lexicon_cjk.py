"""Hand-written sentiment terms for Chinese and Japanese (no spaces, so terms are found as substrings),
plus emoji and emoticons shared by every language. Steward's own lists, not copied.

Chinese lists hold simplified and traditional forms. Chinese negation comes before the term (不好, 沒有用);
Japanese negation follows it (良くない, 好きじゃない), so each language lists its own negation markers.
"""

from __future__ import annotations

from typing import Final

# language -> (positive, negative, strong positive, strong negative)
CJK: Final[dict[str, tuple[str, str, str, str]]] = {
    "zh": (
        """好 好用 好吃 好看 喜欢 喜歡 满意 滿意 开心 開心 高兴 高興 快乐 快樂 方便 简单 簡單 快 快速
        流畅 流暢 稳定 穩定 可靠 实用 實用 有用 推荐 推薦 值得 划算 便宜 实惠 實惠 感谢 感謝 谢谢 謝謝
        漂亮 美丽 美麗 干净 乾淨 新鲜 新鮮 好评 好評 舒服 耐心 专业 專業 及时 及時 热情 熱情 友好
        清楚 改进 改進 进步 進步 成功 希望 支持 赞 讚 不错 不錯 优秀 優秀 厉害 厲害 靠谱 靠譜""",
        """差 坏 壞 烂 爛 糟 糟糕 慢 太慢 贵 貴 太贵 太貴 难用 難用 难吃 難吃 难看 難看 讨厌 討厭 失望
        生气 生氣 愤怒 憤怒 难过 難過 伤心 傷心 麻烦 麻煩 复杂 複雜 困难 困難 问题 問題 错误 錯誤
        故障 崩溃 崩潰 闪退 閃退 卡顿 卡頓 卡死 死机 當機 bug 缺陷 不稳定 不穩定 垃圾 浪费 浪費
        没用 沒用 无聊 無聊 脏 髒 冷淡 等待 等了 延迟 延遲 投诉 投訴 退款 取消 后悔 後悔 可惜 遗憾
        遺憾 担心 擔心 害怕 危险 危險 骗 騙 欺骗 欺騙 坑 差评 差評 不满 不滿 粗鲁 粗魯 态度差 態度差""",
        """非常好 很好 太好了 完美 优秀 優秀 棒 很棒 超棒 极好 極好 出色 惊艳 驚艷 爱 愛 超赞 超讚""",
        """最差 很差 极差 極差 太差 恶心 噁心 垃圾 恨 糟透了 骗子 騙子 坑人 无法使用 無法使用""",
    ),
    "ja": (
        """良い 良かった 良く よい よかった よく いい 好き 嬉しい うれしい 楽しい 満足 便利 簡単 早い
        速い 快適 安定 信頼 使いやすい 分かりやすい わかりやすい 役立つ 役に立つ おすすめ お勧め
        美味しい 美味しく おいしい おいしく うまい 綺麗 きれい 清潔 親切 丁寧 助かる 助かりました
        ありがとう 感謝 安い お得 改善 成功 期待 素敵 すてき 可愛い かわいい 面白い 楽しかった 感動""",
        """悪い 悪かった 悪く だめ ダメ 駄目 嫌い 嫌だ いやだ 遅い 遅く 高い 高すぎ 不便 難しい
        分かりにくい わかりにくい 使いにくい 複雑 不安定 問題 エラー バグ 落ちる 固まる 壊れ 故障
        不具合 残念 がっかり ガッカリ 不満 不快 怒 腹立 イライラ 悲しい つまらない 退屈 汚い まずい
        不味い 失礼 待たされ 待ち 遅延 返金 解約 キャンセル 後悔 心配 不安 怖い 危険 詐欺 無駄 酷い
        ひどい 困る 困った 困って""",
        """最高 素晴らしい すばらしい 完璧 大好き 感激 絶賛 神""",
        """最悪 最低 ひどすぎ 大嫌い 二度と 使えない 話にならない 論外""",
    ),
}

# Negation markers: Chinese ones precede a term, Japanese ones follow it.
ZH_NEGATORS: Final = (
    "不",
    "没",
    "沒",
    "无",
    "無",
    "别",
    "別",
    "非",
    "未",
    "并不",
    "並不",
    "不是",
    "没有",
    "沒有",
)
JA_NEGATORS: Final = ("ない", "なかった", "ません", "ず", "じゃない", "ではない", "くない", "なく")

# Emoji and emoticons, the same in every language (tweets and chat comments lean on them).
EMOJI_POSITIVE: Final = """😀 😃 😄 😁 😆 😊 😍 🥰 😘 😻 👍 👏 🙌 💪 🎉 🥳 ❤ ❤️ 💕 💖 💗 💙 💚 💛 💜 😎 🙂 😉
    ☺ 😂 🤣 ✨ 🔥 ⭐ 🌟 💯 ✅ 🙏 :) :-) :D :-D =) ;) ;-) <3 xD"""
EMOJI_NEGATIVE: Final = """😞 😟 😠 😡 🤬 😢 😭 😩 😫 😤 😒 😔 😕 🙁 ☹ 👎 💔 😱 😨 😰 🤮 🤢 😣 😖 ❌ 🙄
    :( :-( :'( :/ :-/ >:("""
