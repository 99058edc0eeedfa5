"""Sentiment polarity on short B2B SaaS feedback in eight languages (no database, no data files).

The sentences below were written by hand for this test by an earlier session, as a held-out set (none of
them is in the learned reader's training corpus): software, support, pricing, onboarding and reliability
comments, a third each positive, negative and neutral/factual, including "good X, but Y" comments labelled
by the clause after "but".
"""

# ruff: noqa: RUF001  (Chinese and Japanese text uses full-width punctuation on purpose)

from __future__ import annotations

from collections import defaultdict

import pytest

from steward.analytics.text import analyze

POS, NEG, NEU = "positive", "negative", "neutral"

# (language, expected label, text)
EVAL: list[tuple[str, str, str]] = [
    # Chinese, Simplified
    ("zh", POS, "客服响应速度很快，问题当天就解决了。"),
    ("zh", POS, "新版的报表功能很实用，节省了我们不少时间。"),
    ("zh", POS, "上线过程很顺利，实施顾问非常专业。"),
    ("zh", POS, "系统运行一直很稳定，推荐给同行。"),
    ("zh", POS, "价格合理，性价比高。"),
    ("zh", POS, "界面虽然有点旧，但是操作很简单，大家都能上手。"),
    ("zh", NEG, "数据同步老是失败，每次都要手动重试。"),
    ("zh", NEG, "页面加载太慢了，经常要等十几秒。"),
    ("zh", NEG, "提交工单三天了还没有人回复。"),
    ("zh", NEG, "这次更新之后导出功能就用不了了。"),
    ("zh", NEG, "价格太贵，小团队根本负担不起。"),
    ("zh", NEG, "功能挺多的，可是经常报错，很影响工作。"),
    ("zh", NEU, "我们公司目前有二十个账号在使用。"),
    ("zh", NEU, "请问年付方案可以开增值税发票吗？"),
    ("zh", NEU, "我们主要用它来管理客户合同。"),
    ("zh", NEU, "上周参加了产品培训。"),
    ("zh", NEU, "下个季度我们会评估是否续约。"),
    ("zh", NEU, "希望能增加导出到Excel的选项。"),
    # Chinese, Traditional
    ("zh", POS, "技術支援很有耐心，一步一步帶我們完成設定。"),
    ("zh", POS, "導入流程比預期順暢，團隊很快就上手了。"),
    ("zh", POS, "這套系統幫我們省下很多人力，值得。"),
    ("zh", POS, "客服回覆迅速又專業，非常滿意。"),
    ("zh", POS, "自動化功能很強大，大幅提升了工作效率。"),
    ("zh", POS, "雖然價格偏高，但是功能完整，物超所值。"),
    ("zh", NEG, "系統常常當機，客戶資料還遺失了一次。"),
    ("zh", NEG, "客服態度很敷衍，問題一直沒解決。"),
    ("zh", NEG, "介面設計不直覺，新同事都學不會。"),
    ("zh", NEG, "續約價格突然漲了三成，讓人很不爽。"),
    ("zh", NEG, "登入時一直出現錯誤訊息，非常困擾。"),
    ("zh", NEG, "文件寫得很爛，很多設定根本找不到說明。"),
    ("zh", NEU, "我們是上個月開始試用的。"),
    ("zh", NEU, "目前只有財務部門在用這個系統。"),
    ("zh", NEU, "請問API的呼叫次數有上限嗎？"),
    ("zh", NEU, "合約將在十二月到期。"),
    ("zh", NEU, "我們用它來追蹤銷售線索。"),
    ("zh", NEU, "下週會有新同事加入，需要再開三個帳號。"),
    # Japanese
    ("ja", POS, "サポートの返信が早くて本当に助かっています。"),
    ("ja", POS, "画面がシンプルで使いやすいです。"),
    ("ja", POS, "導入支援の担当者がとても丁寧でした。"),
    ("ja", POS, "動作が安定していて、ストレスなく使えています。"),
    ("ja", POS, "料金に対して機能が充実しているので満足です。"),
    ("ja", POS, "レポート作成の時間が半分になりました。ありがとうございます。"),
    ("ja", POS, "他の部署にもおすすめしたいと思います。"),
    ("ja", POS, "設定は少し手間でしたが、今ではとても重宝しています。"),
    ("ja", POS, "問い合わせへの対応が迅速で、安心して使えます。"),
    ("ja", POS, "新しいダッシュボードは見やすくて分かりやすいです。"),
    ("ja", NEG, "同期がよく失敗するので困っています。"),
    ("ja", NEG, "ページの読み込みが遅すぎます。"),
    ("ja", NEG, "問い合わせをしても一週間返事がありません。"),
    ("ja", NEG, "アップデート後、ログインできなくなりました。"),
    ("ja", NEG, "料金が高いわりに機能が少ないです。"),
    ("ja", NEG, "操作が分かりづらく、マニュアルも不親切です。"),
    ("ja", NEG, "デザインはきれいですが、頻繁にエラーが出て仕事になりません。"),
    ("ja", NEG, "データが消えてしまい、非常にがっかりしました。"),
    ("ja", NEG, "請求書の金額が間違っていました。"),
    ("ja", NEG, "画面が固まって何度も再起動が必要です。"),
    ("ja", NEU, "現在、営業部の十名で利用しています。"),
    ("ja", NEU, "来月から有料プランに切り替える予定です。"),
    ("ja", NEU, "CSVでのインポートは可能でしょうか。"),
    ("ja", NEU, "主に顧客管理のために使っています。"),
    ("ja", NEU, "先週オンライン研修に参加しました。"),
    ("ja", NEU, "契約の更新は三月です。"),
    ("ja", NEU, "管理者アカウントを追加したいです。"),
    ("ja", NEU, "スマートフォンからもアクセスしています。"),
    ("ja", NEU, "請求書はPDFで届いています。"),
    ("ja", NEU, "他のツールとの連携について検討中です。"),
    # Hebrew
    ("he", POS, "התמיכה ענתה תוך כמה דקות ופתרה את הבעיה."),
    ("he", POS, "המערכת נוחה מאוד לשימוש."),
    ("he", POS, "ההטמעה עברה בצורה חלקה והצוות היה מקצועי."),
    ("he", POS, "שווה כל שקל."),
    ("he", POS, "הדוחות החדשים חוסכים לנו הרבה זמן."),
    ("he", POS, "אני ממליצה על המוצר לכל עסק קטן."),
    ("he", POS, "הממשק קצת מיושן, אבל הכל עובד מהר ובלי תקלות."),
    ("he", POS, "שירות לקוחות אדיב וסבלני, תודה רבה!"),
    ("he", NEG, "האפליקציה קורסת כל פעם שאני מעלה קובץ."),
    ("he", NEG, "הסנכרון נכשל שוב ושוב."),
    ("he", NEG, "פתחתי פנייה לפני שבוע ועדיין אין תשובה."),
    ("he", NEG, "המחיר עלה פתאום בלי שום הודעה מראש."),
    ("he", NEG, "טעינת הדפים לוקחת נצח."),
    ("he", NEG, "המערכת יפה, אבל חסרות בה פונקציות בסיסיות."),
    ("he", NEG, "ההדרכה הייתה מבלבלת ולא עזרה לנו."),
    ("he", NEG, "מאוכזבים מאוד מהגרסה האחרונה."),
    ("he", NEU, "אנחנו משתמשים במערכת כבר שנה."),
    ("he", NEU, "יש לנו חמישה משתמשים בחשבון."),
    ("he", NEU, "האם אפשר לקבל חשבונית מס על שם החברה?"),
    ("he", NEU, "החוזה מתחדש בינואר."),
    ("he", NEU, "אנחנו עובדים בעיקר מהמחשב הנייד."),
    ("he", NEU, "הדוח נשלח אלינו כל יום שני."),
    ("he", NEU, "נרשמנו לתוכנית השנתית."),
    ("he", NEU, "רציתי לשאול לגבי הוספת משתמש נוסף."),
    # Polish
    ("pl", POS, "Wdrożenie przebiegło bez problemów, konsultant był bardzo kompetentny."),
    ("pl", POS, "Aplikacja działa szybko i stabilnie."),
    ("pl", POS, "Support odpowiada w ciągu godziny, super."),
    ("pl", POS, "Raporty oszczędzają nam mnóstwo czasu."),
    ("pl", POS, "Interfejs jest przejrzysty i intuicyjny."),
    ("pl", POS, "Cena jest adekwatna do możliwości, polecam."),
    ("pl", POS, "Na początku było trudno, ale teraz wszyscy są zadowoleni."),
    ("pl", POS, "Dziękuję za szybką pomoc przy konfiguracji."),
    ("pl", NEG, "Synchronizacja ciągle się wysypuje."),
    ("pl", NEG, "Na odpowiedź z supportu czekamy już tydzień."),
    ("pl", NEG, "Po aktualizacji nie da się zalogować."),
    ("pl", NEG, "Strona ładuje się wieki."),
    ("pl", NEG, "Za tę cenę spodziewałem się dużo więcej."),
    ("pl", NEG, "Funkcji jest sporo, ale wszystko działa bardzo wolno."),
    ("pl", NEG, "Eksport do PDF nie działa od miesiąca."),
    ("pl", NEG, "Faktura była wystawiona na złą kwotę."),
    ("pl", NEU, "Korzystamy z systemu w dziale sprzedaży."),
    ("pl", NEU, "Mamy dwunastu użytkowników."),
    ("pl", NEU, "Czy można zmienić plan na roczny?"),
    ("pl", NEU, "Umowa kończy się w marcu."),
    ("pl", NEU, "Szkolenie odbyło się w zeszły czwartek."),
    ("pl", NEU, "Dane importujemy z pliku CSV."),
    ("pl", NEU, "Proszę o dodanie nowego konta administratora."),
    ("pl", NEU, "Używamy głównie wersji mobilnej."),
    # German
    ("de", POS, "Der Support hat innerhalb einer Stunde geantwortet und das Problem gelöst."),
    ("de", POS, "Die Einrichtung ging schnell und unkompliziert."),
    ("de", POS, "Seit dem Umstieg sparen wir jede Woche mehrere Stunden."),
    ("de", POS, "Die Oberfläche ist übersichtlich und leicht zu bedienen."),
    ("de", POS, "Läuft seit Monaten stabil, ohne Ausfälle."),
    ("de", POS, "Das Preis-Leistungs-Verhältnis stimmt."),
    ("de", POS, "Am Anfang etwas gewöhnungsbedürftig, aber inzwischen möchten wir es nicht mehr missen."),
    ("de", POS, "Vielen Dank an Frau Keller für die geduldige Schulung!"),
    ("de", NEG, "Der Export dauert ewig."),
    ("de", NEG, "Die Synchronisation bricht ständig ab."),
    ("de", NEG, "Seit dem letzten Update kann ich mich nicht mehr anmelden."),
    ("de", NEG, "Auf meine Anfrage warte ich seit zwei Wochen."),
    ("de", NEG, "Für den Preis bietet die Software viel zu wenig."),
    ("de", NEG, "Das Design ist schön, aber die Suche findet nichts."),
    ("de", NEG, "Die Rechnung war schon wieder fehlerhaft."),
    ("de", NEG, "Ständig Fehlermeldungen beim Hochladen von Dateien."),
    ("de", NEU, "Wir nutzen das Tool im Vertrieb mit acht Personen."),
    ("de", NEU, "Der Vertrag läuft bis Ende Juni."),
    ("de", NEU, "Gibt es eine Schnittstelle zu SAP?"),
    ("de", NEU, "Die Schulung fand letzte Woche online statt."),
    ("de", NEU, "Wir importieren die Kundendaten jeden Montag."),
    ("de", NEU, "Bitte schicken Sie die Rechnung an die Buchhaltung."),
    ("de", NEU, "Wir verwenden hauptsächlich die mobile App."),
    ("de", NEU, "Ab Januar wechseln wir auf den Jahrestarif."),
    # French
    ("fr", POS, "Le support a répondu en moins d'une heure, très réactif."),
    ("fr", POS, "La prise en main est rapide, même pour les nouveaux."),
    ("fr", POS, "L'outil est stable et n'a jamais planté depuis six mois."),
    ("fr", POS, "Les tableaux de bord nous font gagner un temps précieux."),
    ("fr", POS, "L'équipe d'intégration a été très professionnelle."),
    ("fr", POS, "Rapport qualité-prix imbattable."),
    ("fr", POS, "L'interface est un peu datée, mais tout fonctionne parfaitement."),
    ("fr", POS, "Je recommande vivement à toutes les PME."),
    ("fr", NEG, "La synchronisation échoue une fois sur deux."),
    ("fr", NEG, "Le chargement des pages prend une éternité."),
    ("fr", NEG, "Cela fait dix jours que j'attends une réponse du support."),
    ("fr", NEG, "Depuis la mise à jour, impossible de se connecter."),
    ("fr", NEG, "Beaucoup trop cher pour ce que c'est."),
    ("fr", NEG, "Les fonctionnalités sont riches, mais l'application plante sans arrêt."),
    ("fr", NEG, "La facture comportait des erreurs encore une fois."),
    ("fr", NEG, "Personne ne m'a rappelé malgré mes trois relances."),
    ("fr", NEU, "Nous utilisons l'outil au service commercial depuis mars."),
    ("fr", NEU, "Le contrat arrive à échéance en septembre."),
    ("fr", NEU, "Est-il possible d'exporter les données en CSV ?"),
    ("fr", NEU, "La formation a eu lieu mardi dernier."),
    ("fr", NEU, "Nous avons quinze utilisateurs actifs."),
    ("fr", NEU, "Merci d'envoyer la facture au service comptable."),
    ("fr", NEU, "Nous passons à l'abonnement annuel en janvier."),
    ("fr", NEU, "L'application est installée sur nos tablettes."),
    # Spanish
    ("es", POS, "El soporte respondió en pocos minutos y resolvió todo."),
    ("es", POS, "La implementación fue muy fluida."),
    ("es", POS, "La plataforma es muy intuitiva, el equipo la adoptó enseguida."),
    ("es", POS, "Nos ahorra horas de trabajo cada semana."),
    ("es", POS, "Funciona de forma estable desde hace meses."),
    ("es", POS, "Vale cada euro que pagamos."),
    ("es", POS, "Al principio costó configurarlo, pero ahora estamos encantados."),
    ("es", POS, "Muy buena atención por parte del equipo de ventas."),
    ("es", NEG, "Generar un informe tarda una eternidad."),
    ("es", NEG, "La sincronización se cae constantemente."),
    ("es", NEG, "Llevo una semana esperando respuesta del soporte."),
    ("es", NEG, "Después de la actualización no puedo iniciar sesión."),
    ("es", NEG, "El precio subió un 30% sin previo aviso."),
    ("es", NEG, "Tiene muchas funciones, pero la mitad no funcionan."),
    ("es", NEG, "La factura venía con un importe equivocado."),
    ("es", NEG, "Cada vez que subo un archivo la aplicación se cuelga."),
    ("es", NEU, "Usamos la herramienta en el departamento de ventas."),
    ("es", NEU, "Tenemos veinte usuarios con licencia."),
    ("es", NEU, "¿Se puede exportar la información a Excel?"),
    ("es", NEU, "El contrato vence en noviembre."),
    ("es", NEU, "La capacitación fue el jueves pasado."),
    ("es", NEU, "Importamos los datos de clientes cada lunes."),
    ("es", NEU, "Por favor envíen la factura al área de contabilidad."),
    ("es", NEU, "Pasaremos al plan anual el próximo año."),
    # English
    ("en", POS, "Support got back to me within an hour and fixed it."),
    ("en", POS, "Onboarding was smooth and the team picked it up quickly."),
    ("en", POS, "The dashboards save us hours every week."),
    ("en", POS, "Rock solid uptime since we switched."),
    ("en", POS, "Pricing is fair for what you get."),
    ("en", POS, "The UI looks dated, but everything just works."),
    ("en", POS, "Our account manager has been extremely helpful."),
    ("en", POS, "Setting up integrations took minutes, not days."),
    ("en", NEG, "Exports take forever."),
    ("en", NEG, "Sync keeps failing overnight."),
    ("en", NEG, "I've been waiting a week for a reply to my ticket."),
    ("en", NEG, "Since the last update I can't log in."),
    ("en", NEG, "Way too expensive for a small team."),
    ("en", NEG, "Nice design, but the search never finds anything."),
    ("en", NEG, "We were billed twice this month."),
    ("en", NEG, "The mobile app freezes every time I open a report."),
    ("en", NEU, "We use it in the sales team with eight people."),
    ("en", NEU, "Our contract renews in June."),
    ("en", NEU, "Is there an API for exporting invoices?"),
    ("en", NEU, "The training session was last Tuesday."),
    ("en", NEU, "We import customer data every Monday."),
    ("en", NEU, "Please send the invoice to accounts payable."),
    ("en", NEU, "We're moving to the annual plan in January."),
    ("en", NEU, "Most of our users are on the mobile app."),
]


# A second, smaller set written after the lexicon changes but before running them on it: its first run gave
# 0.729 overall (0.635 with the lexicons before the changes); a few general words it showed missing were
# then added, so it is no longer blind either.
EVAL_LATE: list[tuple[str, str, str]] = [
    ("zh", POS, "这个工具让我们的审批流程快了很多。"),
    ("zh", POS, "售后团队回复及时，态度也好。"),
    ("zh", POS, "新版本比旧版稳定多了。"),
    ("zh", POS, "導入後報表一鍵生成，省了很多功夫。"),
    ("zh", NEG, "每次升级都会出新bug。"),
    ("zh", NEG, "客服电话一直打不通。"),
    ("zh", NEG, "年费比去年贵了一倍。"),
    ("zh", NEG, "權限設定太複雜，搞了半天還是不對。"),
    ("zh", NEU, "我们下个月要增加五个席位。"),
    ("zh", NEU, "請問可以用信用卡付款嗎？"),
    ("zh", NEU, "报表每周一自动发送。"),
    ("zh", NEU, "我們目前在用標準版。"),
    ("ja", POS, "導入後、作業時間が大幅に短縮されました。"),
    ("ja", POS, "担当の方のサポートが手厚くて心強いです。"),
    ("ja", POS, "動作が軽くて快適です。"),
    ("ja", POS, "初めてでもすぐに使いこなせました。"),
    ("ja", NEG, "サーバーが頻繁に落ちて業務に支障が出ています。"),
    ("ja", NEG, "問い合わせ窓口の対応が遅いです。"),
    ("ja", NEG, "値段の割に機能が物足りないです。"),
    ("ja", NEG, "画面の切り替えがもっさりしていてイライラします。"),
    ("ja", NEU, "来週、管理者向けの説明会があります。"),
    ("ja", NEU, "現在は無料プランを使っています。"),
    ("ja", NEU, "請求書の宛名を変更したいです。"),
    ("ja", NEU, "先月から経理部でも使い始めました。"),
    ("he", POS, "הצוות של התמיכה פשוט מעולה."),
    ("he", POS, "ההתקנה לקחה עשר דקות בלבד."),
    ("he", POS, "מאז שעברנו אליכם העבודה הרבה יותר מסודרת."),
    ("he", POS, "המחיר הוגן לגמרי."),
    ("he", NEG, "הדוחות לא נטענים כבר יומיים."),
    ("he", NEG, "שילמנו על חבילה שלא קיבלנו."),
    ("he", NEG, "הממשק מסורבל ולא ברור."),
    ("he", NEG, "כל עדכון שובר משהו אחר."),
    ("he", NEU, "אנחנו צוות של עשרה אנשים."),
    ("he", NEU, "האם יש גרסה לאייפון?"),
    ("he", NEU, "החשבונית נשלחת בתחילת כל חודש."),
    ("he", NEU, "נפגשנו עם נציג המכירות ביום ראשון."),
    ("pl", POS, "Konfiguracja zajęła nam tylko jedno popołudnie."),
    ("pl", POS, "Bardzo sprawny kontakt z działem wsparcia."),
    ("pl", POS, "Program jest naprawdę wygodny w codziennej pracy."),
    ("pl", POS, "Świetne raporty, oszczędzamy sporo czasu."),
    ("pl", NEG, "Aplikacja co chwilę się wylogowuje."),
    ("pl", NEG, "Ceny poszły w górę, a funkcji nie przybyło."),
    ("pl", NEG, "Wsparcie techniczne w ogóle nie reaguje."),
    ("pl", NEG, "Import danych kończy się błędem."),
    ("pl", NEU, "Licencję odnawiamy co roku w styczniu."),
    ("pl", NEU, "Czy jest dostępna wersja na Androida?"),
    ("pl", NEU, "Pracujemy na wersji 4.2."),
    ("pl", NEU, "W firmie korzysta z tego pięć osób."),
    ("de", POS, "Unser Ansprechpartner ist immer erreichbar und sehr kompetent."),
    ("de", POS, "Die Integration mit unserem CRM hat auf Anhieb funktioniert."),
    ("de", POS, "Endlich ein Tool, das unser Team gerne benutzt."),
    ("de", POS, "Top Software, klare Empfehlung."),
    ("de", NEG, "Die App hängt sich beim Speichern regelmäßig auf."),
    ("de", NEG, "Der Kundenservice ist kaum erreichbar."),
    ("de", NEG, "Die Preise wurden ohne Vorwarnung erhöht."),
    ("de", NEG, "Die Bedienung ist total umständlich."),
    ("de", NEU, "Wir haben zwölf Lizenzen gebucht."),
    ("de", NEU, "Die Daten werden nachts synchronisiert."),
    ("de", NEU, "Gibt es eine Version für Mac?"),
    ("de", NEU, "Der Zugang wurde an die IT weitergeleitet."),
    ("fr", POS, "Le support est toujours disponible et très aimable."),
    ("fr", POS, "Depuis qu'on l'utilise, on a divisé par deux le temps de reporting."),
    ("fr", POS, "Installation simple, aucune difficulté."),
    ("fr", POS, "Une vraie réussite pour notre équipe."),
    ("fr", NEG, "L'appli se déconnecte toutes les cinq minutes."),
    ("fr", NEG, "Le service client ne répond jamais au téléphone."),
    ("fr", NEG, "Les tarifs ont explosé cette année."),
    ("fr", NEG, "L'export Excel ne marche plus depuis la mise à jour."),
    ("fr", NEU, "Nous sommes une équipe de six personnes."),
    ("fr", NEU, "Le renouvellement se fait en avril."),
    ("fr", NEU, "Existe-t-il une version en anglais ?"),
    ("fr", NEU, "Nous utilisons surtout le module de facturation."),
    ("es", POS, "Todo funciona como se prometió."),
    ("es", POS, "La atención al cliente es rapidísima."),
    ("es", POS, "Estamos muy satisfechos con la plataforma."),
    ("es", POS, "Configurarlo fue sencillísimo."),
    ("es", NEG, "La aplicación se vuelve muy lenta con muchos usuarios."),
    ("es", NEG, "Nadie nos ha dado una solución todavía."),
    ("es", NEG, "El soporte solo responde por correo y tarda días."),
    ("es", NEG, "Perdimos datos tras la última actualización."),
    ("es", NEU, "Somos un equipo de diez personas."),
    ("es", NEU, "¿Tienen integración con Salesforce?"),
    ("es", NEU, "Renovamos la suscripción en marzo."),
    ("es", NEU, "Los informes se envían cada viernes."),
    ("en", POS, "Honestly the best tool we've adopted this year."),
    ("en", POS, "The migration went without a hitch."),
    ("en", POS, "Support walked us through everything patiently."),
    ("en", POS, "Reporting is so much faster now."),
    ("en", NEG, "The app logs me out every few minutes."),
    ("en", NEG, "Support only replies after several days."),
    ("en", NEG, "Price went up 40% at renewal."),
    ("en", NEG, "Importing contacts throws an error every time."),
    ("en", NEU, "We have twelve seats on the business plan."),
    ("en", NEU, "Does it integrate with HubSpot?"),
    ("en", NEU, "Renewal is due in April."),
    ("en", NEU, "Invoices are sent on the first of the month."),
]
# The lexicon reader was written against EVAL's failures (0.88-1.00 per language on it); the learned
# reader never saw these sentences (bench/feedback_text.py prints both). Measured with the built-in head:
# zh 0.917, ja 0.900, he 0.792, pl 0.750, de 0.875, fr 0.792, es 0.958, en 0.917 (0.867 overall); EVAL_LATE
# 0.833. The floors leave two sentences of margin per language.
FLOORS = {"zh": 0.83, "ja": 0.83, "he": 0.70, "pl": 0.66, "de": 0.79, "fr": 0.70, "es": 0.87, "en": 0.83}
OVERALL_FLOOR = 0.82
LATE_FLOOR = 0.75
FIXED_FLOOR = 0.75  # the lexicon's hand-picked hard cases below (negation, degree words), measured 0.82


@pytest.fixture(scope="module")
def said() -> dict[str, str]:
    texts = sorted({t for _, _, t in EVAL + EVAL_LATE} | {t for _, t, _ in FIXED})
    return {t: str(r.sentiment) for t, r in zip(texts, analyze(texts), strict=True)}


def accuracy_by_language(said: dict[str, str], cases: list[tuple[str, str, str]]) -> dict[str, float]:
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for lang, expected, text in cases:
        total[lang] += 1
        right[lang] += said[text] == expected
    return {lang: right[lang] / total[lang] for lang in total}


def test_eval_set_shape() -> None:
    for lang in FLOORS:
        labels = [label for code, label, _ in EVAL if code == lang]
        assert min(labels.count(POS), labels.count(NEG), labels.count(NEU)) >= 8, lang


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_accuracy_per_language(said: dict[str, str], lang: str) -> None:
    assert accuracy_by_language(said, EVAL)[lang] >= FLOORS[lang]


def test_accuracy_overall(said: dict[str, str]) -> None:
    assert sum(said[t] == e for _, e, t in EVAL) / len(EVAL) >= OVERALL_FLOOR


def test_late_set_overall(said: dict[str, str]) -> None:
    assert sum(said[t] == e for _, e, t in EVAL_LATE) / len(EVAL_LATE) >= LATE_FLOOR


def test_fixed_cases_overall(said: dict[str, str]) -> None:
    assert sum(said[t] == e for _, t, e in FIXED) / len(FIXED) >= FIXED_FLOOR


FIXED: list[tuple[str, str, str]] = [
    ("zh", "客服响应非常快，很专业。", POS),  # 非 inside 非常 is no negator
    ("zh", "产品非常棒。", POS),
    ("zh", "特别好用", POS),  # 别 inside 特别 is no negator
    ("zh", "好慢啊", NEG),  # 好 as a degree adverb
    ("zh", "太贵了", NEG),
    ("zh", "不太稳定", NEG),  # negation across a degree adverb
    ("zh", "节省了不少时间", POS),  # 不少 "quite a lot" is no negation
    ("zh", "您好，请问支持SSO吗？", NEU),
    ("zh", "界面不错，但是经常闪退。", NEG),  # the clause after 但是 carries the verdict
    ("zh", "没有回复", NEG),
    ("ja", "とても助かっています。", POS),
    ("ja", "使いやすい", POS),
    ("ja", "使いにくい", NEG),
    ("ja", "壊れやすいです", NEG),
    ("ja", "問題なく使えています", POS),
    ("ja", "満足していません", NEG),
    ("ja", "不親切です", NEG),
    ("ja", "きれいですが、遅すぎます。", NEG),
    ("he", "והמערכת נתקעת", NEG),  # two glued prefixes
    ("he", "ולא מומלץ", NEG),  # negator with a glued prefix
    ("pl", "Wszyscy są zadowoleni.", POS),
    ("pl", "Nie da się zalogować.", NEG),
    ("de", "Der Export dauert ewig.", NEG),
    ("de", "Kein Problem, klappt, danke!", POS),
    ("fr", "Merci d'envoyer la facture.", NEU),
    ("es", "La aplicación se cuelga.", NEG),
    ("en", "Sync keeps failing.", NEG),
]
