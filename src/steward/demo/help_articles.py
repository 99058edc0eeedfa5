"""A help center for the demo and the search-quality bench: fourteen articles in categories and sections,
written in English, most translated into Chinese, Japanese, Hebrew and German (about 50 language versions)."""

from __future__ import annotations

# (key, category, section, {language: (title, Markdown body)}); English is the source of each article.
ARTICLES: list[tuple[str, str, str, dict[str, tuple[str, str]]]] = [
    ("invoices", "Billing", "Invoices and payments", {
        "en": ("Download your invoices", "Open **Settings → Billing** to download every invoice as a PDF. Invoices are issued on the first day of each billing period."),
        "zh-Hans": ("如何下载发票", "打开**设置 → 账单**，即可下载所有发票的PDF文件。发票在每个计费周期的第一天开具。"),
        "ja": ("請求書のダウンロード", "**設定 → 請求**を開くと、すべての請求書をPDFでダウンロードできます。請求書は各請求期間の初日に発行されます。"),
        "he": ("הורדת חשבוניות", "פותחים את **הגדרות ← חיובים** ומורידים כל חשבונית כקובץ PDF. החשבוניות מופקות ביום הראשון של כל תקופת חיוב."),
        "de": ("Rechnungen herunterladen", "Unter **Einstellungen → Abrechnung** laden Sie jede Rechnung als PDF herunter. Rechnungen werden am ersten Tag jedes Abrechnungszeitraums erstellt."),
    }),
    ("card", "Billing", "Invoices and payments", {
        "en": ("Update your credit card", "Go to **Billing → Payment method** and enter the new card. The next charge uses it; past invoices are not charged again."),
        "zh-Hans": ("更新信用卡", "前往**账单 → 付款方式**并输入新的信用卡。下一次扣款将使用新卡，已付款的发票不会再次扣款。"),
        "ja": ("クレジットカードの更新", "**請求 → 支払い方法**で新しいカードを入力してください。次回の請求から新しいカードが使われます。"),
        "he": ("עדכון כרטיס האשראי", "נכנסים ל**חיובים ← אמצעי תשלום** ומזינים את הכרטיס החדש. החיוב הבא ייעשה בכרטיס החדש."),
    }),
    ("refunds", "Billing", "Plans and refunds", {
        "en": ("Refund policy", "Annual plans can be refunded within 30 days of purchase. Monthly plans are not refunded but can be cancelled at any time."),
        "zh-Hans": ("退款政策", "年度方案在购买后30天内可以退款。月度方案不予退款，但可以随时取消。"),
        "ja": ("返金ポリシー", "年間プランは購入から30日以内であれば返金できます。月額プランは返金されませんが、いつでも解約できます。"),
        "he": ("מדיניות החזרים", "מנוי שנתי ניתן להחזר בתוך 30 יום מהרכישה. מנוי חודשי אינו מוחזר אך אפשר לבטל אותו בכל עת."),
        "de": ("Erstattungsrichtlinie", "Jahrespläne werden innerhalb von 30 Tagen nach dem Kauf erstattet. Monatspläne werden nicht erstattet, können aber jederzeit gekündigt werden."),
    }),
    ("upgrade", "Billing", "Plans and refunds", {
        "en": ("Upgrade or downgrade your plan", "Choose **Billing → Change plan**. An upgrade applies at once and is prorated; a downgrade applies at the end of the period."),
        "zh-Hans": ("升级或降级方案", "选择**账单 → 更改方案**。升级立即生效并按比例计费；降级在本期结束时生效。"),
        "ja": ("プランの変更", "**請求 → プラン変更**を選びます。アップグレードはすぐに適用され日割りで請求されます。"),
    }),
    ("password", "Account", "Sign-in and security", {
        "en": ("Reset your password", "On the sign-in page choose **Forgot password**. We send a link that works for one hour."),
        "zh-Hans": ("重置密码", "在登录页面选择**忘记密码**。我们会发送一个一小时内有效的链接。"),
        "ja": ("パスワードの再設定", "ログイン画面で**パスワードを忘れた場合**を選んでください。1時間有効なリンクをお送りします。"),
        "he": ("איפוס הסיסמה", "בדף הכניסה בוחרים **שכחתי סיסמה**. נשלח קישור שתקף לשעה אחת."),
        "de": ("Passwort zurücksetzen", "Wählen Sie auf der Anmeldeseite **Passwort vergessen**. Wir senden einen Link, der eine Stunde gültig ist."),
    }),
    ("two-factor", "Account", "Sign-in and security", {
        "en": ("Turn on two-factor authentication", "In **Profile → Security** scan the QR code with an authenticator app and enter the six-digit code."),
        "zh-Hans": ("开启双重验证", "在**个人资料 → 安全**中，用身份验证器应用扫描二维码并输入六位验证码。"),
        "ja": ("二段階認証を有効にする", "**プロフィール → セキュリティ**で認証アプリを使ってQRコードを読み取り、6桁のコードを入力します。"),
        "he": ("הפעלת אימות דו-שלבי", "ב**פרופיל ← אבטחה** סורקים את קוד ה-QR באפליקציית אימות ומזינים את הקוד בן שש הספרות."),
    }),
    ("delete-account", "Account", "Your account", {
        "en": ("Close your account", "An owner can close the account in **Settings → Account → Close account**. Your data is deleted after 30 days."),
        "zh-Hans": ("注销账户", "所有者可以在**设置 → 账户 → 注销账户**中注销。您的数据将在30天后删除。"),
        "he": ("סגירת החשבון", "בעל החשבון יכול לסגור אותו ב**הגדרות ← חשבון ← סגירת חשבון**. הנתונים נמחקים לאחר 30 יום."),
        "de": ("Konto schließen", "Ein Inhaber schließt das Konto unter **Einstellungen → Konto → Konto schließen**. Ihre Daten werden nach 30 Tagen gelöscht."),
    }),
    ("invite", "Account", "Your account", {
        "en": ("Invite teammates", "Open **Team** and choose **Invite**. Each teammate gets an e-mail and joins with the role you pick."),
        "zh-Hans": ("邀请团队成员", "打开**团队**并选择**邀请**。每位成员都会收到一封邮件，并以您选择的角色加入。"),
        "ja": ("チームメンバーを招待する", "**チーム**を開いて**招待**を選びます。メンバーにはメールが届き、選んだ役割で参加します。"),
        "he": ("הזמנת חברי צוות", "פותחים את **צוות** ובוחרים **הזמנה**. כל חבר צוות מקבל דוא\"ל ומצטרף בתפקיד שבחרתם."),
    }),
    ("export", "Using the product", "Reports", {
        "en": ("Export reports to CSV", "Every report has an **Export** button. Exports include all filtered rows and arrive as a CSV file."),
        "zh-Hans": ("将报表导出为CSV", "每个报表都有**导出**按钮。导出内容包含所有筛选后的行，并以CSV文件提供。"),
        "ja": ("レポートをCSVでエクスポート", "すべてのレポートに**エクスポート**ボタンがあります。絞り込んだすべての行がCSVファイルで届きます。"),
        "de": ("Berichte als CSV exportieren", "Jeder Bericht hat eine Schaltfläche **Exportieren**. Der Export enthält alle gefilterten Zeilen als CSV-Datei."),
    }),
    ("dashboards", "Using the product", "Reports", {
        "en": ("Share a dashboard", "Choose **Share** on a dashboard to send a read-only link. Links can be revoked at any time."),
        "zh-Hans": ("分享仪表板", "在仪表板上选择**分享**即可发送只读链接。链接可以随时撤销。"),
        "he": ("שיתוף לוח מחוונים", "בוחרים **שיתוף** בלוח המחוונים כדי לשלוח קישור לקריאה בלבד. אפשר לבטל קישורים בכל עת."),
    }),
    ("import", "Using the product", "Data", {
        "en": ("Import contacts from a spreadsheet", "Upload a CSV file in **Contacts → Import**. Map each column to a field; rows with errors are listed with their line number."),
        "zh-Hans": ("从电子表格导入联系人", "在**联系人 → 导入**中上传CSV文件。将每一列对应到字段；有错误的行会列出行号。"),
        "ja": ("スプレッドシートから連絡先をインポート", "**連絡先 → インポート**でCSVファイルをアップロードします。各列を項目に割り当てます。"),
        "he": ("ייבוא אנשי קשר מגיליון", "מעלים קובץ CSV ב**אנשי קשר ← ייבוא**. ממפים כל עמודה לשדה; שורות עם שגיאות מוצגות עם מספר השורה."),
    }),
    ("api", "Using the product", "Data", {
        "en": ("Create an API key", "Admins create keys in **Settings → API keys**. A key is shown once; store it in a secret manager."),
        "ja": ("APIキーの作成", "管理者は**設定 → APIキー**でキーを作成します。キーは一度だけ表示されます。"),
        "de": ("API-Schlüssel erstellen", "Administratoren erstellen Schlüssel unter **Einstellungen → API-Schlüssel**. Ein Schlüssel wird nur einmal angezeigt."),
    }),
    ("notifications", "Using the product", "Notifications", {
        "en": ("Choose your e-mail notifications", "In **Profile → Notifications** pick which e-mails you receive: daily digest, mentions or none."),
        "zh-Hans": ("选择邮件通知", "在**个人资料 → 通知**中选择您接收的邮件：每日摘要、提及或不接收。"),
        "he": ("בחירת התראות בדוא\"ל", "ב**פרופיל ← התראות** בוחרים אילו הודעות דוא\"ל לקבל: סיכום יומי, אזכורים או כלום."),
    }),
    ("mobile", "Using the product", "Notifications", {
        "en": ("Use the mobile app", "Install the app from your phone's store and sign in with the same e-mail. Push notifications are on by default."),
        "zh-Hans": ("使用手机应用", "从手机应用商店安装应用，并使用相同的邮箱登录。推送通知默认开启。"),
        "ja": ("モバイルアプリを使う", "スマートフォンのストアからアプリをインストールし、同じメールアドレスでログインします。プッシュ通知は既定で有効です。"),
    }),
]  # fmt: skip
