"""What the demo's customers write to support, in their own languages: a few everyday topics (subject and
first message per language) and two problems planted across accounts in the last weeks, which the
recurring-issue detection should find."""

from __future__ import annotations

# topic -> (type, category, weight, {language: (subject, body)})
TOPICS: dict[str, tuple[str, str, float, dict[str, tuple[str, str]]]] = {
    "login": (
        "problem",
        "access",
        3.0,
        {
            "en": (
                "Cannot log in",
                "Since this morning two of our users cannot log in; the page says the password is wrong, but it was reset yesterday.",
            ),
            "es": (
                "No puedo iniciar sesión",
                "Desde esta mañana dos usuarios no pueden iniciar sesión; dice que la contraseña es incorrecta.",
            ),
            "de": (
                "Anmeldung nicht möglich",
                "Seit heute früh können sich zwei Benutzer nicht anmelden; angeblich ist das Passwort falsch.",
            ),
            "fr": (
                "Impossible de se connecter",
                "Depuis ce matin, deux utilisateurs ne peuvent plus se connecter : mot de passe refusé.",
            ),
            "pl": (
                "Nie mogę się zalogować",
                "Od rana dwóch użytkowników nie może się zalogować; system twierdzi, że hasło jest błędne.",
            ),
            "he": ("לא מצליח להתחבר", "מהבוקר שני משתמשים לא מצליחים להתחבר; המערכת אומרת שהסיסמה שגויה."),
            "ja": (
                "ログインできません",
                "今朝から2人のユーザーがログインできません。パスワードが違うと表示されます。",
            ),
            "zh-Hans": ("无法登录", "从今天早上开始，有两位用户无法登录，系统提示密码错误。"),
            "zh-Hant": ("無法登入", "從今天早上開始，有兩位使用者無法登入，系統顯示密碼錯誤。"),
        },
    ),
    "invoice": (
        "question",
        "billing",
        2.0,
        {
            "en": (
                "Question about our invoice",
                "Our latest invoice shows more seats than we use. Could you check and send a corrected one?",
            ),
            "es": (
                "Pregunta sobre la factura",
                "La última factura muestra más licencias de las que usamos. ¿Pueden revisarla?",
            ),
            "de": (
                "Frage zur Rechnung",
                "Auf der letzten Rechnung stehen mehr Lizenzen, als wir nutzen. Bitte prüfen Sie das.",
            ),
            "fr": (
                "Question sur notre facture",
                "La dernière facture compte plus de licences que nous n'en utilisons. Pouvez-vous vérifier ?",
            ),
            "pl": (
                "Pytanie o fakturę",
                "Ostatnia faktura pokazuje więcej licencji, niż używamy. Czy możecie to sprawdzić?",
            ),
            "he": (
                "שאלה לגבי החשבונית",
                "בחשבונית האחרונה מופיעים יותר רישיונות ממה שאנחנו משתמשים. אפשר לבדוק?",
            ),
            "ja": (
                "請求書について",
                "最新の請求書のライセンス数が実際より多くなっています。ご確認いただけますか。",
            ),
            "zh-Hans": ("关于发票的问题", "最新发票上的席位数比我们实际使用的多，请帮忙核对。"),
            "zh-Hant": ("關於發票的問題", "最新發票上的席位數比我們實際使用的多，請協助確認。"),
        },
    ),
    "slow": (
        "incident",
        "performance",
        2.0,
        {
            "en": (
                "Dashboards are very slow",
                "Dashboards take more than a minute to load today, for everyone in our team.",
            ),
            "es": (
                "Los paneles van muy lentos",
                "Hoy los paneles tardan más de un minuto en cargar para todo el equipo.",
            ),
            "de": (
                "Dashboards sehr langsam",
                "Die Dashboards brauchen heute über eine Minute zum Laden, für das ganze Team.",
            ),
            "fr": (
                "Tableaux de bord très lents",
                "Les tableaux de bord mettent plus d'une minute à s'afficher aujourd'hui.",
            ),
            "pl": (
                "Pulpity działają bardzo wolno",
                "Pulpity ładują się dziś ponad minutę, u całego zespołu.",
            ),
            "he": ("לוחות המחוונים איטיים מאוד", "היום לוחות המחוונים נטענים יותר מדקה אצל כל הצוות."),
            "ja": (
                "ダッシュボードが非常に遅い",
                "今日はダッシュボードの表示に1分以上かかります。チーム全員です。",
            ),
            "zh-Hans": ("仪表板非常慢", "今天仪表板加载要一分钟以上，整个团队都是这样。"),
            "zh-Hant": ("儀表板非常慢", "今天儀表板載入要一分鐘以上，整個團隊都一樣。"),
        },
    ),
    "how_to": (
        "question",
        "usage",
        3.0,
        {
            "en": (
                "How do I share a report?",
                "How can I share a report with a colleague who has no account yet?",
            ),
            "es": (
                "¿Cómo comparto un informe?",
                "¿Cómo puedo compartir un informe con un compañero que aún no tiene cuenta?",
            ),
            "de": (
                "Wie teile ich einen Bericht?",
                "Wie kann ich einen Bericht mit einem Kollegen ohne Konto teilen?",
            ),
            "fr": (
                "Comment partager un rapport ?",
                "Comment partager un rapport avec un collègue qui n'a pas encore de compte ?",
            ),
            "pl": (
                "Jak udostępnić raport?",
                "Jak mogę udostępnić raport koledze, który nie ma jeszcze konta?",
            ),
            "he": ("איך משתפים דוח?", "איך אפשר לשתף דוח עם עמית שעדיין אין לו חשבון?"),
            "ja": (
                "レポートの共有方法",
                "アカウントを持っていない同僚にレポートを共有するにはどうすればよいですか。",
            ),
            "zh-Hans": ("如何共享报告？", "如何把报告分享给还没有账号的同事？"),
            "zh-Hant": ("如何分享報告？", "如何把報告分享給還沒有帳號的同事？"),
        },
    ),
    "feature": (
        "request",
        "feature",
        1.0,
        {
            "en": (
                "Feature request: scheduled exports",
                "We would like reports to be exported to our SFTP server every Monday.",
            ),
            "es": (
                "Sugerencia: exportaciones programadas",
                "Nos gustaría exportar los informes a nuestro SFTP cada lunes.",
            ),
            "de": (
                "Wunsch: geplante Exporte",
                "Wir möchten Berichte jeden Montag auf unseren SFTP-Server exportieren.",
            ),
            "fr": (
                "Suggestion : exports planifiés",
                "Nous aimerions exporter les rapports vers notre SFTP chaque lundi.",
            ),
            "pl": (
                "Propozycja: eksport według harmonogramu",
                "Chcielibyśmy co poniedziałek eksportować raporty na nasz serwer SFTP.",
            ),
            "he": ("בקשה: ייצוא מתוזמן", "נשמח לייצא דוחות לשרת ה-SFTP שלנו בכל יום שני."),
            "ja": (
                "機能要望：定期エクスポート",
                "毎週月曜日にレポートをSFTPサーバーへ自動エクスポートしたいです。",
            ),
            "zh-Hans": ("功能建议：定时导出", "希望每周一自动把报告导出到我们的 SFTP 服务器。"),
            "zh-Hant": ("功能建議：排程匯出", "希望每週一自動把報告匯出到我們的 SFTP 伺服器。"),
        },
    ),
}

# Planted across accounts, in English (the teams that write them use English with support), recent and
# growing: recurring-issue detection should group each and hand it to success.
PLANTED = {
    "crm_sync": (
        "incident",
        "integrations",
        [
            (
                "Salesforce sync fails with error 504",
                "The nightly Salesforce sync fails since the last update; contacts are not updated. Error: Salesforce sync failed (504 Gateway Timeout)",
            ),
            (
                "Salesforce sync error 504 again",
                "Our Salesforce sync keeps failing and contacts stay out of date. Error: Salesforce sync failed (504 Gateway Timeout)",
            ),
            (
                "CRM sync broken: 504 from Salesforce",
                "Salesforce sync stopped working after the update. Error: Salesforce sync failed (504 Gateway Timeout)",
            ),
        ],
    ),
    "csv_export": (
        "problem",
        "data",
        [
            (
                "CSV export missing columns",
                "Since the update the CSV export is missing the owner and region columns.",
            ),
            (
                "Columns missing in CSV export",
                "Our CSV export no longer has the owner and region columns after the update.",
            ),
            (
                "CSV export drops owner and region columns",
                "After the latest update the CSV export drops the owner and region columns.",
            ),
        ],
    ),
}

REPLIES = {
    "en": "Thanks for reporting this. We have looked into it and it is fixed now; please let us know if anything is still off.",
    "es": "Gracias por avisarnos. Ya está solucionado; avísennos si algo sigue fallando.",
    "de": "Danke für den Hinweis. Das ist jetzt behoben; melden Sie sich gern, falls noch etwas nicht stimmt.",
    "fr": "Merci pour votre message. C'est corrigé ; dites-nous si quelque chose ne va toujours pas.",
    "pl": "Dziękujemy za zgłoszenie. Problem został rozwiązany; dajcie znać, jeśli coś nadal nie działa.",
    "he": "תודה על הפנייה. הבעיה תוקנה; עדכנו אותנו אם משהו עדיין לא עובד.",
    "ja": "ご連絡ありがとうございます。修正が完了しました。まだ問題があればお知らせください。",
    "zh-Hans": "感谢反馈，问题已经修复；如果还有问题请告诉我们。",
    "zh-Hant": "感謝回報，問題已經修復；如果還有問題請告訴我們。",
}
FOLLOW_UP = "Still happening for one user, could you look again?"
AGENTS = [
    ("Noor Haddad", "noor"),
    ("Kenji Sato", "kenji"),
    ("Marta Nowak", "marta"),
    ("Lukas Weber", "lukas"),
]
