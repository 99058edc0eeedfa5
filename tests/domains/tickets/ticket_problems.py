"""Hand-written tickets for measuring and testing grouping by meaning: eight support problems, each said
four to six ways by different customers in mixed languages (subject, first message), and thirty unrelated
tickets, some of them close in words to a problem (a CSV import, SSO set-up, an invoice copy) without being
it. The recurring-issue threshold was chosen on these (see recurring.THRESHOLD)."""

from __future__ import annotations

Ticket = tuple[str, str]  # (subject, the customer's first message)

PROBLEMS: dict[str, list[Ticket]] = {
    "csv_timeout": [
        (
            "CSV export fails with timeout error",
            "When I export the accounts list to CSV it spins for a minute and then shows a timeout error.",
        ),
        (
            "Export to CSV times out",
            "Exporting our contacts to CSV never finishes; it times out after about 60 seconds.",
        ),
        (
            "Der CSV-Export bricht mit Zeitüberschreitung ab",
            "Beim Export der Kundenliste als CSV kommt nach einer Minute ein Timeout-Fehler.",
        ),
        (
            "Eksport do CSV kończy się błędem timeout",
            "Próbuję wyeksportować listę kont do CSV, ale po minucie pojawia się błąd przekroczenia czasu.",
        ),
        (
            "L'export CSV échoue (délai dépassé)",
            "L'export de nos contacts en CSV tourne une minute puis affiche une erreur de délai d'attente.",
        ),
        (
            "CSVエクスポートがタイムアウトする",
            "アカウント一覧をCSVに書き出すと、1分ほどでタイムアウトエラーになります。",
        ),
    ],
    "sso_saml": [
        (
            "SSO login fails with SAML error",
            "Since Monday our users get 'Invalid SAML response' when they sign in through Okta.",
        ),
        (
            "SSO-Anmeldung schlägt mit SAML-Fehler fehl",
            "Seit Montag erhalten unsere Nutzer bei der Anmeldung über Okta die Meldung 'Ungültige SAML-Antwort'.",
        ),
        (
            "Logowanie SSO nie działa – błąd SAML",
            "Od poniedziałku użytkownicy logujący się przez Okta dostają komunikat 'Nieprawidłowa odpowiedź SAML'.",
        ),
        (
            "Error SAML al iniciar sesión con SSO",
            "Desde el lunes, al entrar con Okta nuestros usuarios ven 'Respuesta SAML no válida'.",
        ),
        (
            "כניסה דרך SSO נכשלת עם שגיאת SAML",
            "מאז יום שני המשתמשים שלנו מקבלים 'תגובת SAML לא תקינה' כשהם מתחברים דרך Okta.",
        ),
    ],
    "double_charge": [
        (
            "We were charged twice this month",
            "Our credit card shows two identical payments for the March invoice. Please refund one of them.",
        ),
        (
            "Double prélèvement sur notre carte",
            "Nous avons été débités deux fois pour la facture de mars. Merci de rembourser le doublon.",
        ),
        (
            "Cobro duplicado de la factura",
            "Nos han cobrado dos veces la factura de marzo en la tarjeta. ¿Pueden devolver uno de los cargos?",
        ),
        ("同一张发票被扣款两次", "我们的信用卡上出现了两笔相同的三月发票扣款，请退还其中一笔。"),
        (
            "Rechnung doppelt abgebucht",
            "Die Märzrechnung wurde zweimal von unserer Kreditkarte abgebucht. Bitte erstatten Sie eine Zahlung.",
        ),
    ],
    "ios_crash": [
        (
            "iOS app crashes on startup",
            "After updating to the latest version the iPhone app closes immediately when we open it.",
        ),
        (
            "iPhoneアプリが起動時にクラッシュする",
            "最新版に更新してから、アプリを開くとすぐに落ちてしまいます。",
        ),
        (
            "Aplikacja na iOS zamyka się przy starcie",
            "Po aktualizacji do najnowszej wersji aplikacja na iPhonie od razu się wyłącza po otwarciu.",
        ),
        (
            "L'application iOS plante au démarrage",
            "Depuis la mise à jour, l'appli iPhone se ferme dès qu'on l'ouvre.",
        ),
        (
            "Mobile app closes right after opening",
            "The iPhone app quits as soon as it launches, ever since yesterday's update.",
        ),
    ],
    "reset_email": [
        (
            "Password reset emails never arrive",
            "Users click 'forgot password' but the reset email never shows up, not even in spam.",
        ),
        (
            "E-Mail zum Zurücksetzen des Passworts kommt nicht an",
            "Nutzer klicken auf 'Passwort vergessen', aber die E-Mail kommt nie an, auch nicht im Spam.",
        ),
        (
            "No llega el correo para restablecer la contraseña",
            "Al pulsar '¿Olvidó su contraseña?' el correo nunca llega, ni siquiera a la carpeta de spam.",
        ),
        (
            "מייל לאיפוס סיסמה לא מגיע",
            "משתמשים לוחצים על 'שכחתי סיסמה' אבל המייל לא מגיע, גם לא לתיקיית הספאם.",
        ),
        ("收不到重置密码的邮件", "用户点击“忘记密码”后一直收不到重置邮件，垃圾邮件里也没有。"),
    ],
    "api_429": [
        (
            "API returns 429 Too Many Requests",
            "Our integration hits HTTP 429 after a few hundred calls per minute, although we stay below the documented limit.",
        ),
        (
            "API antwortet mit 429 Too Many Requests",
            "Unsere Integration bekommt nach einigen hundert Aufrufen pro Minute HTTP 429, obwohl wir unter dem Limit liegen.",
        ),
        (
            "L'API renvoie l'erreur 429",
            "Notre intégration reçoit des erreurs 429 Too Many Requests alors que nous restons sous la limite documentée.",
        ),
        (
            "APIが429エラーを返す",
            "連携で1分間に数百回呼び出すとHTTP 429 Too Many Requestsが返ってきます。上限以内のはずです。",
        ),
        (
            "API zwraca błąd 429",
            "Nasza integracja dostaje HTTP 429 Too Many Requests po kilkuset wywołaniach na minutę, choć nie przekraczamy limitu.",
        ),
    ],
    "time_zone": [
        (
            "Dates on reports are shown in the wrong time zone",
            "All timestamps in our reports are two hours off; they seem to be in UTC instead of Berlin time.",
        ),
        (
            "Berichte zeigen die falsche Zeitzone",
            "Alle Zeitangaben in unseren Berichten sind zwei Stunden verschoben, anscheinend UTC statt Berliner Zeit.",
        ),
        (
            "Las fechas de los informes salen en otra zona horaria",
            "Todas las horas de nuestros informes tienen dos horas de desfase; parecen estar en UTC y no en hora de Madrid.",
        ),
        ("报表中的时间显示为错误的时区", "我们报表里的所有时间都差了两个小时，好像用的是UTC而不是本地时间。"),
        (
            "Mauvais fuseau horaire dans les rapports",
            "Les heures affichées dans nos rapports ont deux heures de décalage ; elles semblent être en UTC.",
        ),
    ],
    "seat_limit": [
        (
            "Cannot invite new team members",
            "When I try to invite a colleague I get 'seat limit reached', but we only use 12 of our 20 seats.",
        ),
        (
            "Nie mogę zaprosić nowych użytkowników",
            "Przy zapraszaniu współpracownika pojawia się 'osiągnięto limit licencji', a używamy tylko 12 z 20 miejsc.",
        ),
        (
            "לא ניתן להזמין משתמשים חדשים",
            "כשאני מנסה להזמין עמית מופיעה הודעה שהגענו למגבלת המשתמשים, אבל אנחנו משתמשים רק ב-12 מתוך 20.",
        ),
        (
            "新しいメンバーを招待できない",
            "同僚を招待しようとすると「シート数の上限に達しました」と表示されますが、20席中12席しか使っていません。",
        ),
        (
            "No puedo invitar a nuevos usuarios",
            "Al invitar a un compañero dice 'límite de licencias alcanzado', pero solo usamos 12 de 20.",
        ),
    ],
}

DISTRACTORS: list[Ticket] = [
    (
        "CSV import skips the header row",
        "When we import contacts from a CSV file the first row is treated as data.",
    ),
    (
        "How do I set up SSO with Azure AD?",
        "We want to connect Azure AD for single sign-on. Is there a guide?",
    ),
    ("Please send a copy of last year's invoices", "Our accountant needs all 2025 invoices as PDF files."),
    ("Feature request: dark mode", "Could the web app get a dark theme? Several of us work late."),
    (
        "Wie ändere ich die Rechnungsadresse?",
        "Wir sind umgezogen und brauchen eine neue Adresse auf den Rechnungen.",
    ),
    (
        "Question about the API pagination",
        "Is the cursor in the tickets endpoint stable when new tickets arrive?",
    ),
    (
        "Jak zmienić język interfejsu?",
        "Chciałbym przełączyć aplikację na język polski. Gdzie jest to ustawienie?",
    ),
    (
        "Demande de formation pour notre équipe",
        "Proposez-vous une session de formation en ligne pour dix personnes ?",
    ),
    ("¿Tienen integración con HubSpot?", "Queremos sincronizar contactos con HubSpot. ¿Es posible?"),
    (
        "ダッシュボードに新しいグラフを追加したい",
        "売上の推移をダッシュボードに表示する方法を教えてください。",
    ),
    ("如何修改通知设置？", "我每天收到太多通知邮件，想只接收每周摘要。"),
    ("בקשה להוספת שדה מותאם אישית", "נרצה להוסיף לכרטיס הלקוח שדה של תאריך חידוש החוזה."),
    (
        "Thanks for the quick help yesterday",
        "Just wanted to say the team was very helpful with our onboarding.",
    ),
    ("Can we get a sandbox workspace?", "We would like to test automations without touching live data."),
    ("Renewal quote for next year", "Please send us a quote for 40 seats for the coming contract year."),
    ("Bitte Vertrag kündigen", "Wir möchten unseren Vertrag zum Ende der Laufzeit kündigen."),
    (
        "Health score seems too low for Acme",
        "Acme is red although they log in every day. What drives the score?",
    ),
    ("Wrong logo on the customer portal", "The portal still shows our old logo after we uploaded a new one."),
    ("Zapier zap stopped triggering", "Our Zapier zap for new accounts has not fired since Friday."),
    (
        "GDPR data deletion request",
        "A former customer asked us to delete all their personal data. How do we do that?",
    ),
    ("Pytanie o limit miejsca na załączniki", "Jaki jest maksymalny rozmiar załącznika w zgłoszeniu?"),
    (
        "Comment archiver un compte client ?",
        "Nous avons perdu un client et voulons archiver sa fiche sans la supprimer.",
    ),
    ("Solicitud: exportar a PDF", "Sería útil poder exportar los paneles a PDF para las reuniones."),
    ("ユーザーの権限を変更したい", "営業チームのメンバーを閲覧のみの権限に変更できますか。"),
    ("仪表板可以分享给客户吗？", "我们想把某个仪表板只读分享给客户，有这个功能吗？"),
    ("Typo in the welcome email template", "The default welcome email says 'Welcom' in the first line."),
    (
        "Slack notifications go to the wrong channel",
        "Alerts for churn risk land in #general instead of #cs-alerts.",
    ),
    ("Need help writing a playbook", "Can someone review our onboarding playbook before we switch it on?"),
    (
        "Survey answers missing comments",
        "The NPS report shows scores but the free-text comments column is empty.",
    ),
    ("Calendar sync with Outlook", "Meetings booked in Outlook do not show on the account timeline."),
]


def text(ticket: Ticket) -> str:
    subject, body = ticket
    return f"{subject}\n{body}"
