"""More of the demo's help center: twenty-six articles beside help_articles.ARTICLES (forty in all), written in
English and translated into two or three of Spanish, French, Polish, German, Chinese (simplified and
traditional), Japanese and Hebrew. Kept apart so the search-quality bench keeps its own fourteen. None names
single sign-on or shipping: those searches stay the demo's content gaps."""

from __future__ import annotations

# (key, category, section, {language: (title, Markdown body)}); English is the source of each article.
MORE_ARTICLES: list[tuple[str, str, str, dict[str, tuple[str, str]]]] = [
    ("first-steps", "Getting started", "First steps", {
        "en": ("Your first day", "Create a workspace, invite two colleagues and connect one data source. The checklist on the home page shows what is left."),
        "es": ("Tu primer día", "Crea un espacio de trabajo, invita a dos compañeros y conecta una fuente de datos. La lista de la página de inicio muestra lo que falta."),
        "fr": ("Votre premier jour", "Créez un espace de travail, invitez deux collègues et connectez une source de données. La liste de la page d'accueil indique ce qui reste."),
        "ja": ("最初の一日", "ワークスペースを作成し、同僚を2人招待して、データソースを1つ接続します。ホームのチェックリストに残りの作業が表示されます。"),
    }),
    ("workspace-name", "Getting started", "First steps", {
        "en": ("Rename your workspace", "Owners change the name and the web address in **Settings → Workspace**. Old links keep working for 90 days."),
        "de": ("Arbeitsbereich umbenennen", "Inhaber ändern Name und Webadresse unter **Einstellungen → Arbeitsbereich**. Alte Links funktionieren noch 90 Tage."),
        "pl": ("Zmiana nazwy obszaru roboczego", "Właściciele zmieniają nazwę i adres w **Ustawienia → Obszar roboczy**. Stare linki działają jeszcze 90 dni."),
    }),
    ("time-zone", "Getting started", "First steps", {
        "en": ("Set your time zone", "Pick your time zone in **Profile → Preferences**. Reports and reminders use it; times are stored in UTC."),
        "fr": ("Choisir votre fuseau horaire", "Choisissez votre fuseau horaire dans **Profil → Préférences**. Les rapports et rappels l'utilisent."),
        "zh-Hant": ("設定時區", "在**個人資料 → 偏好設定**中選擇時區。報表與提醒都會使用它；時間以 UTC 儲存。"),
    }),
    ("language", "Getting started", "First steps", {
        "en": ("Change the language", "Choose one of nine languages in **Profile → Language**. Hebrew is shown right to left."),
        "he": ("שינוי השפה", "בוחרים אחת מתשע שפות ב**פרופיל ← שפה**. עברית מוצגת מימין לשמאל."),
        "es": ("Cambiar el idioma", "Elige uno de los nueve idiomas en **Perfil → Idioma**. El hebreo se muestra de derecha a izquierda."),
        "pl": ("Zmiana języka", "Wybierz jeden z dziewięciu języków w **Profil → Język**. Hebrajski jest wyświetlany od prawej do lewej."),
    }),
    ("roles", "Getting started", "Teams and roles", {
        "en": ("User roles explained", "Admins manage settings and billing, managers see every account, members see their own accounts, viewers only read."),
        "de": ("Benutzerrollen erklärt", "Administratoren verwalten Einstellungen und Abrechnung, Manager sehen alle Konten, Mitglieder ihre eigenen, Betrachter lesen nur."),
        "zh-Hans": ("用户角色说明", "管理员管理设置和账单，经理可以查看所有客户，成员查看自己的客户，查看者只能阅读。"),
    }),
    ("teams", "Getting started", "Teams and roles", {
        "en": ("Create a team", "Group people in **Settings → Teams** so tickets and tasks can be assigned to the whole team."),
        "fr": ("Créer une équipe", "Regroupez des personnes dans **Paramètres → Équipes** pour attribuer tickets et tâches à toute l'équipe."),
        "ja": ("チームの作成", "**設定 → チーム**でメンバーをまとめると、チケットやタスクをチーム全体に割り当てられます。"),
    }),
    ("remove-user", "Getting started", "Teams and roles", {
        "en": ("Remove a user", "An admin removes a user in **Settings → Users**. Their accounts move to the person you choose."),
        "es": ("Eliminar un usuario", "Un administrador elimina a un usuario en **Ajustes → Usuarios**. Sus cuentas pasan a la persona que elijas."),
        "he": ("הסרת משתמש", "מנהל מסיר משתמש ב**הגדרות ← משתמשים**. הלקוחות שלו עוברים לאדם שתבחרו."),
    }),
    ("slack", "Integrations", "Chat tools", {
        "en": ("Connect Slack", "In **Integrations → Slack** choose a channel for alerts. Messages link back to the account."),
        "de": ("Slack verbinden", "Wählen Sie unter **Integrationen → Slack** einen Kanal für Warnungen. Nachrichten verlinken auf das Konto."),
        "es": ("Conectar Slack", "En **Integraciones → Slack** elige un canal para las alertas. Los mensajes enlazan con la cuenta."),
    }),
    ("teams-app", "Integrations", "Chat tools", {
        "en": ("Connect Microsoft Teams", "Add the app from the Teams store, then paste the code shown in **Integrations → Microsoft Teams**."),
        "fr": ("Connecter Microsoft Teams", "Ajoutez l'application depuis le magasin Teams, puis collez le code affiché dans **Intégrations → Microsoft Teams**."),
        "pl": ("Połączenie z Microsoft Teams", "Dodaj aplikację ze sklepu Teams, a potem wklej kod z **Integracje → Microsoft Teams**."),
    }),
    ("crm", "Integrations", "CRM and billing", {
        "en": ("Sync your CRM", "Connect the CRM in **Integrations → CRM**. Accounts and contacts sync every hour; fields you map are kept up to date."),
        "zh-Hans": ("同步 CRM", "在**集成 → CRM**中连接您的 CRM。客户和联系人每小时同步一次；映射的字段会保持最新。"),
        "de": ("CRM synchronisieren", "Verbinden Sie das CRM unter **Integrationen → CRM**. Konten und Kontakte werden stündlich abgeglichen."),
    }),
    ("stripe", "Integrations", "CRM and billing", {
        "en": ("Import subscriptions from Stripe", "Paste a restricted Stripe key in **Integrations → Billing**. Subscriptions and their amounts arrive within an hour."),
        "es": ("Importar suscripciones de Stripe", "Pega una clave restringida de Stripe en **Integraciones → Facturación**. Las suscripciones llegan en menos de una hora."),
        "ja": ("Stripeからサブスクリプションを取り込む", "**連携 → 請求**に制限付きのStripeキーを貼り付けます。1時間以内にサブスクリプションが取り込まれます。"),
    }),
    ("webhooks", "Integrations", "Developers", {
        "en": ("Receive webhooks", "Add an endpoint in **Settings → Webhooks**. Each call is signed; failed calls are retried for a day."),
        "pl": ("Odbieranie webhooków", "Dodaj adres w **Ustawienia → Webhooki**. Każde wywołanie jest podpisane; nieudane są ponawiane przez dobę."),
        "zh-Hant": ("接收 Webhook", "在**設定 → Webhook**中新增端點。每次呼叫都有簽章；失敗的呼叫會在一天內重試。"),
    }),
    ("segment", "Integrations", "Developers", {
        "en": ("Send product events", "Use any Segment library with your write key. Identify people, group them into accounts and track what they do."),
        "fr": ("Envoyer des événements produit", "Utilisez n'importe quelle bibliothèque Segment avec votre clé d'écriture. Identifiez les personnes et suivez leurs actions."),
        "de": ("Produktereignisse senden", "Verwenden Sie eine beliebige Segment-Bibliothek mit Ihrem Schreibschlüssel. Identifizieren Sie Personen und erfassen Sie ihre Aktionen."),
    }),
    ("privacy-export", "Data and privacy", "Your data", {
        "en": ("Get a copy of your data", "An owner asks for an export in **Settings → Privacy**. We e-mail a download link within a day."),
        "de": ("Eine Kopie Ihrer Daten erhalten", "Ein Inhaber fordert unter **Einstellungen → Datenschutz** einen Export an. Den Download-Link senden wir innerhalb eines Tages."),
        "fr": ("Obtenir une copie de vos données", "Un propriétaire demande un export dans **Paramètres → Confidentialité**. Le lien arrive par e-mail sous un jour."),
        "he": ("קבלת עותק של הנתונים", "בעל החשבון מבקש ייצוא ב**הגדרות ← פרטיות**. קישור להורדה נשלח בדוא\"ל תוך יום."),
    }),
    ("retention", "Data and privacy", "Your data", {
        "en": ("How long we keep data", "Product events are kept for two years, tickets and notes for as long as the account exists."),
        "es": ("Cuánto tiempo guardamos los datos", "Los eventos de producto se guardan dos años; los tickets y notas mientras exista la cuenta."),
        "zh-Hans": ("数据保留期限", "产品事件保留两年，工单和备注在账户存在期间一直保留。"),
    }),
    ("gdpr", "Data and privacy", "Your data", {
        "en": ("Delete a person's data", "Find the contact and choose **Delete personal data**. Their events are anonymised within 30 days."),
        "de": ("Personenbezogene Daten löschen", "Suchen Sie den Kontakt und wählen Sie **Personenbezogene Daten löschen**. Ereignisse werden binnen 30 Tagen anonymisiert."),
        "pl": ("Usuwanie danych osoby", "Znajdź kontakt i wybierz **Usuń dane osobowe**. Jej zdarzenia zostaną zanonimizowane w ciągu 30 dni."),
    }),
    ("ip-allow", "Data and privacy", "Security settings", {
        "en": ("Limit access by IP address", "Admins list allowed networks in **Settings → Security**. Sign-ins from elsewhere are refused."),
        "ja": ("IPアドレスでアクセスを制限する", "管理者は**設定 → セキュリティ**で許可するネットワークを登録します。それ以外からのログインは拒否されます。"),
        "zh-Hant": ("依 IP 位址限制存取", "管理員在**設定 → 安全性**中列出允許的網路。來自其他位置的登入會被拒絕。"),
    }),
    ("sessions", "Data and privacy", "Security settings", {
        "en": ("Sign out other devices", "Open **Profile → Sessions** to see where you are signed in and end any session you do not recognise."),
        "fr": ("Déconnecter les autres appareils", "Ouvrez **Profil → Sessions** pour voir où vous êtes connecté et fermer toute session inconnue."),
        "es": ("Cerrar sesión en otros dispositivos", "Abre **Perfil → Sesiones** para ver dónde has iniciado sesión y cerrar las sesiones que no reconozcas."),
    }),
    ("health-score", "Reports", "Health and risk", {
        "en": ("How the health score works", "Each measure gets points between its poor and good values; the weights add up to the score from 0 to 100."),
        "de": ("So funktioniert der Health Score", "Jede Kennzahl erhält Punkte zwischen ihrem schlechten und guten Wert; die Gewichte ergeben den Wert von 0 bis 100."),
        "zh-Hans": ("健康分数如何计算", "每个指标在差值和好值之间得分；按权重相加得到 0 到 100 的分数。"),
        "he": ("איך מחושב ציון הבריאות", "כל מדד מקבל נקודות בין הערך הגרוע לערך הטוב; המשקלות מצטרפים לציון בין 0 ל-100."),
    }),
    ("churn-risk", "Reports", "Health and risk", {
        "en": ("Read the churn risk", "The churn risk is the chance an account leaves within 90 days, learned from your own past renewals."),
        "es": ("Interpretar el riesgo de abandono", "El riesgo de abandono es la probabilidad de que una cuenta se vaya en 90 días, aprendida de tus renovaciones pasadas."),
        "ja": ("解約リスクの見方", "解約リスクは、過去の更新実績から学習した、90日以内にアカウントが離れる確率です。"),
    }),
    ("nps", "Reports", "Surveys", {
        "en": ("Send an NPS survey", "Create a survey in **Surveys → New**, choose the contacts and send. Answers appear on each account."),
        "fr": ("Envoyer une enquête NPS", "Créez une enquête dans **Enquêtes → Nouvelle**, choisissez les contacts et envoyez. Les réponses apparaissent sur chaque compte."),
        "pl": ("Wysyłanie ankiety NPS", "Utwórz ankietę w **Ankiety → Nowa**, wybierz kontakty i wyślij. Odpowiedzi pojawią się przy każdym kliencie."),
    }),
    ("schedule-report", "Reports", "Reports by e-mail", {
        "en": ("Schedule a report by e-mail", "On any report choose **Schedule** and a day of the week. The PDF goes to everyone on the list."),
        "de": ("Bericht per E-Mail planen", "Wählen Sie bei einem Bericht **Planen** und einen Wochentag. Das PDF geht an alle auf der Liste."),
        "zh-Hant": ("排程以電子郵件寄送報表", "在任一報表選擇**排程**並指定星期幾。PDF 會寄給清單上的每個人。"),
    }),
    ("offline", "Mobile app", "Using the app", {
        "en": ("Work offline in the app", "Accounts you opened recently stay readable offline. Notes you write are sent when you are back online."),
        "es": ("Trabajar sin conexión en la app", "Las cuentas que abriste hace poco se pueden leer sin conexión. Las notas se envían al recuperar la conexión."),
        "he": ("עבודה ללא חיבור באפליקציה", "לקוחות שפתחתם לאחרונה זמינים לקריאה גם ללא חיבור. הערות שכתבתם נשלחות כשהחיבור חוזר."),
    }),
    ("app-login", "Mobile app", "Using the app", {
        "en": ("The app does not open", "Update the app and your phone's system, then sign out and in again. Clearing the app's cache also helps."),
        "pl": ("Aplikacja się nie otwiera", "Zaktualizuj aplikację i system telefonu, a potem wyloguj się i zaloguj ponownie. Pomaga też wyczyszczenie pamięci aplikacji."),
        "ja": ("アプリが開かない", "アプリとスマートフォンのシステムを更新し、いったんログアウトしてから再度ログインしてください。キャッシュの削除も有効です。"),
    }),
    ("calendar", "Mobile app", "Using the app", {
        "en": ("Sync your calendar", "Allow calendar access in the app's settings. Meetings with your contacts are logged on their accounts."),
        "fr": ("Synchroniser votre agenda", "Autorisez l'accès à l'agenda dans les réglages de l'application. Les réunions avec vos contacts sont enregistrées sur leurs comptes."),
        "zh-Hans": ("同步日历", "在应用设置中允许访问日历。与联系人的会议会记录在其客户下。"),
    }),
    ("contact-support", "Getting started", "Getting help", {
        "en": ("Contact support", "Open a ticket from the portal or write to support. Urgent problems are answered within an hour, around the clock."),
        "de": ("Support kontaktieren", "Eröffnen Sie ein Ticket im Portal oder schreiben Sie dem Support. Dringende Probleme beantworten wir rund um die Uhr innerhalb einer Stunde."),
        "es": ("Contactar con soporte", "Abre un ticket desde el portal o escribe a soporte. Los problemas urgentes se responden en menos de una hora, a cualquier hora."),
        "zh-Hant": ("聯絡客服", "從入口網站開立工單或寫信給客服。緊急問題全天候在一小時內回覆。"),
    }),
]  # fmt: skip
