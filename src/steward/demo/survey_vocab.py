"""Survey comments of the demo, in the customers' own languages, by theme and tone (written for Steward's demo)."""

from __future__ import annotations

from typing import Final

from steward.demo.survey_praise import PRAISE

LANGS: Final = ("en", "es", "de", "fr", "pl", "he", "ja", "zh-Hans", "zh-Hant")

# (theme, tone) -> language -> comments; the complaints here, the praise and the lukewarm in survey_praise
COMMENTS: Final[dict[tuple[str, str], dict[str, tuple[str, ...]]]] = {
    ("support", "negative"): {
        "en": (
            "Support takes days to answer even simple questions, and our ticket got passed between three different people.",
            "Every time we open a ticket it gets bounced to another team and we have to explain everything again. Frustrating.",
            "The product is solid but support is painfully slow. Waited over a week for a reply on an urgent issue.",
        ),
        "es": (
            "El soporte tarda días en responder y nadie se hace cargo del ticket; lo pasan de un equipo a otro.",
            "Abrimos un ticket urgente y tardaron una semana en contestar. Muy decepcionante.",
            "La herramienta está bien, pero el soporte es lentísimo y cada vez hay que explicar el problema desde cero.",
        ),
        "de": (
            "Der Support antwortet extrem langsam, und unser Ticket wurde dreimal weitergeleitet, ohne dass jemand das Problem gelöst hat.",
            "Auf eine Antwort vom Support warten wir oft tagelang. Bei einem kritischen Fehler ist das inakzeptabel.",
            "Produkt an sich ok, aber der Kundenservice ist eine Katastrophe: langsame Antworten, ständig neue Ansprechpartner.",
        ),
        "fr": (
            "Le support met des jours à répondre et notre ticket a été transféré d'une équipe à l'autre sans solution.",
            "Réponses du support beaucoup trop lentes. Pour un problème bloquant, attendre une semaine n'est pas acceptable.",
            "L'outil est correct mais le service client est décevant : il faut tout réexpliquer à chaque nouvel interlocuteur.",
        ),
        "pl": (
            "Wsparcie odpowiada bardzo wolno, a nasze zgłoszenie było przerzucane między działami przez ponad tydzień.",
            "Na odpowiedź od supportu czekamy zwykle kilka dni. Przy pilnym problemie to po prostu nie do przyjęcia.",
            "Sam produkt jest w porządku, ale obsługa klienta rozczarowuje – za każdym razem trzeba wszystko tłumaczyć od nowa.",
        ),
        "he": (
            "התמיכה עונה לאט מאוד, והפנייה שלנו עברה בין שלושה נציגים בלי שמישהו פתר את הבעיה.",
            "חיכינו שבוע לתשובה מהתמיכה על תקלה דחופה. ממש מאכזב.",
            "המוצר עצמו בסדר, אבל השירות גרוע – כל פעם צריך להסביר הכול מההתחלה לנציג חדש.",
        ),
        "ja": (
            "サポートの返信が遅く、問い合わせが担当者間でたらい回しにされました。",
            "緊急の問題で問い合わせたのに、回答まで一週間かかりました。非常に残念です。",
            "製品自体は良いのですが、サポートの対応が遅く、毎回一から説明し直す必要があり困っています。",
        ),
        "zh-Hans": (
            "客服回复太慢了，一个工单被转了好几个人都没解决。",
            "紧急问题提交工单后等了一个星期才有回复，非常失望。",
            "产品本身还行，但技术支持响应很慢，每次都要从头解释一遍问题。",
        ),
        "zh-Hant": (
            "客服回覆速度太慢，案件被轉來轉去，到現在還沒有解決。",
            "緊急問題開單後等了一個禮拜才收到回覆，真的很失望。",
            "產品本身不錯，但客服支援效率很差，每次都要重新說明一次狀況。",
        ),
    },
    ("pricing", "negative"): {
        "en": (
            "Too expensive for what we actually use. The price went up 20% at renewal with no new value.",
            "Pricing is hard to justify to our finance team, especially since the per-seat cost keeps rising.",
            "Great tool, but the value for money isn't there anymore after the latest price increase.",
        ),
        "es": (
            "Es demasiado caro para lo que usamos. Al renovar subieron el precio un 20 % sin ninguna mejora.",
            "La relación calidad-precio ya no compensa, cada año la licencia cuesta más.",
            "Buen producto, pero el precio por usuario es excesivo para una empresa de nuestro tamaño.",
        ),
        "de": (
            "Viel zu teuer für den Funktionsumfang, den wir tatsächlich nutzen.",
            "Die Preiserhöhung bei der Verlängerung war happig, und wir sehen keinen Mehrwert dafür.",
            "Gutes Tool, aber das Preis-Leistungs-Verhältnis stimmt nicht mehr. Die Lizenzkosten pro Nutzer sind zu hoch.",
        ),
        "fr": (
            "Beaucoup trop cher pour l'usage que nous en avons, et le prix a encore augmenté au renouvellement.",
            "Le rapport qualité-prix n'est plus au rendez-vous depuis la dernière hausse des tarifs.",
            "Bon outil, mais le coût par utilisateur est difficile à justifier auprès de notre direction financière.",
        ),
        "pl": (
            "Za drogie w stosunku do tego, z czego faktycznie korzystamy. Przy odnowieniu cena wzrosła o 20%.",
            "Stosunek jakości do ceny jest słaby, a licencje drożeją z roku na rok.",
            "Dobre narzędzie, ale cena za użytkownika jest zdecydowanie za wysoka dla małej firmy.",
        ),
        "he": (
            "יקר מדי ביחס למה שאנחנו באמת משתמשים בו. בחידוש המחיר עלה ב-20%.",
            "המחיר לכל משתמש ממשיך לעלות, וקשה להצדיק את העלות מול מחלקת הכספים.",
            "כלי טוב, אבל אחרי העלאת המחיר האחרונה התמורה כבר לא מצדיקה את ההוצאה.",
        ),
        "ja": (
            "実際に使っている機能に対して、料金が高すぎると感じています。",
            "更新時に値上げされましたが、それに見合う価値を感じられません。",
            "製品は良いのですが、ユーザー単位の価格が高く、費用対効果に疑問があります。",
        ),
        "zh-Hans": (
            "价格太贵了，我们实际用到的功能不多，性价比不高。",
            "续约时涨价了20%，但功能没什么变化，很难向财务解释。",
            "产品不错，但按席位收费太高，对我们这种小团队来说负担很重。",
        ),
        "zh-Hant": (
            "價格太貴了，實際會用到的功能沒幾個，CP值不高。",
            "續約時漲價兩成，功能卻沒什麼改變，很難跟財務交代。",
            "產品還不錯，但每個帳號的費用太高，對小團隊來說負擔很重。",
        ),
    },
    ("integrations", "negative"): {
        "en": (
            "The Salesforce sync keeps failing with 504 timeouts and half our accounts are missing in the CRM.",
            "CRM integration has been broken for weeks. Data we enter here never shows up in Salesforce.",
            "Love the dashboards, but the Salesforce sync errors out constantly and we have to re-import by hand.",
        ),
        "es": (
            "La sincronización con Salesforce falla constantemente con errores 504 y faltan datos en el CRM.",
            "La integración con el CRM lleva semanas rota; los cambios no llegan a Salesforce.",
            "Nos gusta la plataforma, pero la sincronización con Salesforce da error cada día y tenemos que copiar datos a mano.",
        ),
        "de": (
            "Die Salesforce-Synchronisierung bricht ständig mit 504-Timeouts ab, im CRM fehlen dadurch viele Daten.",
            "Die CRM-Integration funktioniert seit Wochen nicht, Änderungen kommen in Salesforce einfach nicht an.",
            "Ansonsten gutes Produkt, aber die Synchronisierung mit Salesforce ist unzuverlässig und wirft dauernd Fehler.",
        ),
        "fr": (
            "La synchronisation avec Salesforce échoue sans arrêt (erreurs 504) et il manque des données dans le CRM.",
            "L'intégration CRM est cassée depuis plusieurs semaines, rien ne remonte dans Salesforce.",
            "Plateforme agréable, mais la synchro Salesforce plante tous les jours et on doit ressaisir les données à la main.",
        ),
        "pl": (
            "Synchronizacja z Salesforce ciągle się wysypuje z błędem 504 i w CRM brakuje danych.",
            "Integracja z CRM nie działa od kilku tygodni, zmiany w ogóle nie trafiają do Salesforce.",
            "Platforma fajna, ale synchronizacja z Salesforce codziennie zwraca błędy i musimy przepisywać dane ręcznie.",
        ),
        "he": (
            "הסנכרון עם Salesforce נכשל כל הזמן עם שגיאות 504, וחסרים נתונים ב-CRM.",
            "האינטגרציה עם ה-CRM לא עובדת כבר כמה שבועות, שום שינוי לא מגיע ל-Salesforce.",
            "הפלטפורמה טובה, אבל הסנכרון עם Salesforce קורס כל יום ואנחנו נאלצים להזין נתונים ידנית.",
        ),
        "ja": (
            "Salesforceとの同期が504タイムアウトで頻繁に失敗し、CRMにデータが反映されません。",
            "ここ数週間CRM連携が動いておらず、Salesforce側のデータが欠けたままです。",
            "画面は使いやすいのですが、Salesforce同期のエラーが毎日発生し、手作業で入力し直しています。",
        ),
        "zh-Hans": (
            "Salesforce同步老是失败，一直报504超时，CRM里缺了很多数据。",
            "CRM集成已经坏了好几周，这边改的数据根本同步不到Salesforce。",
            "平台整体不错，但和Salesforce的同步天天报错，只能手动补录数据。",
        ),
        "zh-Hant": (
            "Salesforce同步一直失敗，常常出現504逾時，CRM裡少了很多資料。",
            "CRM串接已經壞了好幾個禮拜，這邊更新的資料都沒有同步到Salesforce。",
            "平台整體用起來還行，可是跟Salesforce的同步每天都出錯，只好手動補資料。",
        ),
    },
    ("export", "negative"): {
        "en": (
            "CSV export is broken: columns are in the wrong order and dates come out in the wrong format.",
            "Exporting a report takes forever and often times out for our larger accounts.",
            "Reports are useful on screen, but the export to Excel drops columns and mangles special characters.",
        ),
        "es": (
            "La exportación a CSV no funciona bien: las columnas salen desordenadas y faltan campos.",
            "Exportar un informe tarda muchísimo y con cuentas grandes directamente falla.",
            "Los informes están bien en pantalla, pero al exportarlos a Excel se pierden columnas y los acentos salen mal.",
        ),
        "de": (
            "Der CSV-Export ist fehlerhaft: Spalten sind vertauscht und Datumsangaben im falschen Format.",
            "Berichte zu exportieren dauert ewig und bricht bei großen Datenmengen oft ab.",
            "Die Berichte sind an sich nützlich, aber beim Export nach Excel fehlen Spalten und Umlaute werden zerschossen.",
        ),
        "fr": (
            "L'export CSV ne fonctionne pas correctement : colonnes décalées et dates au mauvais format.",
            "L'export des rapports est extrêmement lent et échoue souvent sur les gros volumes.",
            "Les rapports sont pratiques à l'écran, mais l'export Excel perd des colonnes et casse les accents.",
        ),
        "pl": (
            "Eksport do CSV jest zepsuty – kolumny są w złej kolejności, a daty w złym formacie.",
            "Eksport raportów trwa wieki i przy większej ilości danych często kończy się błędem.",
            "Raporty na ekranie są przydatne, ale eksport do Excela gubi kolumny i psuje polskie znaki.",
        ),
        "he": (
            "הייצוא ל-CSV לא עובד כמו שצריך – העמודות בסדר לא נכון והתאריכים בפורמט שגוי.",
            "ייצוא דוחות לוקח נצח, ולעיתים קרובות נכשל כשיש הרבה נתונים.",
            "הדוחות שימושיים על המסך, אבל בייצוא לאקסל חסרות עמודות והעברית יוצאת משובשת.",
        ),
        "ja": (
            "CSVエクスポートの列の順番がおかしく、日付の形式も正しくありません。",
            "レポートの出力に時間がかかりすぎて、データが多いと途中で失敗してしまいます。",
            "画面上のレポートは便利ですが、Excelに出力すると列が抜けたり文字化けしたりします。",
        ),
        "zh-Hans": (
            "导出CSV有问题，列的顺序不对，日期格式也是错的。",
            "报表导出慢得要命，数据量一大就直接失败。",
            "报表在页面上看还行，但导出到Excel会少几列，中文还会乱码。",
        ),
        "zh-Hant": (
            "匯出CSV有問題，欄位順序不對，日期格式也錯了。",
            "報表匯出超級慢，資料量一大就直接失敗，很困擾。",
            "報表在畫面上看還可以，但匯出成Excel會少欄位，中文還會變亂碼。",
        ),
    },
    ("usability", "negative"): {
        "en": (
            "The interface is confusing and it's hard to find anything without asking a colleague.",
            "Too many clicks to do simple things. Settings are buried in menus nobody can find.",
            "Powerful features, but the UI is cluttered and new team members struggle to navigate it.",
        ),
        "es": (
            "La interfaz es confusa y cuesta encontrar las cosas; siempre tengo que preguntar a un compañero.",
            "Demasiados clics para tareas sencillas, y los ajustes están escondidos en menús poco claros.",
            "Tiene muchas funciones, pero la navegación es poco intuitiva y a los nuevos les cuesta aprender.",
        ),
        "de": (
            "Die Oberfläche ist unübersichtlich, man findet kaum etwas, ohne lange zu suchen.",
            "Viel zu viele Klicks für einfache Aufgaben, und die Einstellungen sind in Menüs versteckt.",
            "Funktional stark, aber die Bedienung ist umständlich und neue Kollegen finden sich schwer zurecht.",
        ),
        "fr": (
            "L'interface est confuse, on ne trouve rien sans demander à un collègue.",
            "Trop de clics pour des tâches simples, et les paramètres sont cachés dans des menus obscurs.",
            "Fonctionnalités riches, mais l'ergonomie est vraiment compliquée pour les nouveaux arrivants.",
        ),
        "pl": (
            "Interfejs jest nieczytelny i trudno cokolwiek znaleźć bez pytania kolegów.",
            "Za dużo klikania przy prostych czynnościach, a ustawienia są pochowane w dziwnych menu.",
            "Dużo funkcji, ale obsługa jest mało intuicyjna i nowi pracownicy mają problem, żeby się odnaleźć.",
        ),
        "he": (
            "הממשק מבלבל וקשה למצוא דברים בלי לשאול מישהו מהצוות.",
            "יותר מדי קליקים בשביל פעולות פשוטות, וההגדרות קבורות בתפריטים שאף אחד לא מוצא.",
            "יש הרבה יכולות, אבל הממשק עמוס ולא אינטואיטיבי, ועובדים חדשים מתקשים להתמצא.",
        ),
        "ja": (
            "画面構成が分かりにくく、目的の機能を探すのに時間がかかります。",
            "簡単な作業でもクリック数が多く、設定画面がどこにあるのか分かりづらいです。",
            "機能は豊富ですが、操作が直感的でなく、新しいメンバーが使いこなすのに苦労しています。",
        ),
        "zh-Hans": (
            "界面太乱了，想找个功能得翻半天。",
            "简单操作也要点好多下，设置藏得很深，根本找不到。",
            "功能挺多，但操作不够直观，新同事上手很困难。",
        ),
        "zh-Hant": (
            "介面很混亂，想找個功能要翻很久。",
            "簡單的操作也要點好幾下，設定藏得很深，常常找不到。",
            "功能是很多啦，但操作不夠直覺，新同事很難上手。",
        ),
    },
    ("performance", "negative"): {
        "en": (
            "Pages are painfully slow, and dashboards take ages to load every morning.",
            "Performance has gotten worse lately; loading a single account takes 10+ seconds.",
            "Features are fine, but the app is so sluggish that my team avoids opening it.",
        ),
        "es": (
            "Las páginas van lentísimas y los paneles tardan una eternidad en cargar.",
            "El rendimiento ha empeorado mucho; abrir una cuenta tarda más de diez segundos.",
            "Las funciones están bien, pero la aplicación es tan lenta que el equipo evita usarla.",
        ),
        "de": (
            "Die Seiten laden extrem langsam, Dashboards brauchen morgens gefühlt eine Ewigkeit.",
            "Die Performance ist in letzter Zeit deutlich schlechter geworden, eine Kundenansicht lädt über zehn Sekunden.",
            "Funktionen passen, aber die Anwendung ist so träge, dass mein Team sie kaum noch öffnet.",
        ),
        "fr": (
            "Les pages sont d'une lenteur pénible et les tableaux de bord mettent une éternité à charger.",
            "Les performances se sont dégradées récemment : plus de dix secondes pour ouvrir une fiche client.",
            "Fonctionnellement ça va, mais l'application est tellement lente que l'équipe évite de l'ouvrir.",
        ),
        "pl": (
            "Strony ładują się bardzo wolno, a dashboardy wczytują się całą wieczność.",
            "Wydajność ostatnio mocno spadła – otwarcie jednego klienta trwa ponad dziesięć sekund.",
            "Funkcje są w porządku, ale aplikacja jest tak powolna, że zespół niechętnie z niej korzysta.",
        ),
        "he": (
            "הדפים איטיים להחריד, והדשבורדים לוקחים נצח לעלות.",
            "הביצועים הידרדרו לאחרונה, פתיחת לקוח אחד לוקחת יותר מעשר שניות.",
            "היכולות בסדר, אבל המערכת כל כך איטית שהצוות נמנע מלהשתמש בה.",
        ),
        "ja": (
            "ページの表示が遅く、ダッシュボードの読み込みに毎回かなり時間がかかります。",
            "最近動作が重くなり、顧客画面を開くだけで10秒以上待たされます。",
            "機能には満足していますが、動作が遅すぎてチームがあまり使いたがりません。",
        ),
        "zh-Hans": (
            "页面加载太慢了，仪表盘每次都要等很久才能打开。",
            "最近性能明显变差，打开一个客户详情要十几秒。",
            "功能还可以，但系统太卡了，团队都不太愿意用。",
        ),
        "zh-Hant": (
            "頁面載入太慢，儀表板每次都要等很久才會出來。",
            "最近效能明顯變差，打開一個客戶頁面要十幾秒。",
            "功能還可以，但系統實在太卡，團隊都不太想用。",
        ),
    },
    **PRAISE,
}

THEMES: Final[dict[str, tuple[str, ...]]] = {
    "Support": (
        "slow support replies",
        "ticket bounced between teams",
        "helpful support team",
        "customer success manager",
    ),
    "Pricing": ("too expensive", "price increase at renewal", "value for money", "cost per seat"),
    "Integrations": (
        "Salesforce sync fails",
        "CRM integration broken",
        "HubSpot connector",
        "data missing in CRM",
    ),
    "Reporting & export": (
        "CSV export broken",
        "report export is slow",
        "wrong columns in export",
        "Excel export",
    ),
    "Usability": ("confusing interface", "hard to find settings", "easy to use", "intuitive dashboard"),
    "Onboarding": (
        "smooth onboarding",
        "implementation took too long",
        "training sessions",
        "getting started",
    ),
    "Performance": (
        "pages load slowly",
        "dashboard takes ages to load",
        "app is sluggish",
        "slow performance",
    ),
}
