"""Positive and lukewarm survey comments of the demo, in the customers' own languages (written for Steward's
demo); the complaints are in survey_vocab."""

from __future__ import annotations

from typing import Final

PRAISE: Final[dict[tuple[str, str], dict[str, tuple[str, ...]]]] = {
    ("support", "positive"): {
        "en": (
            "Support is fantastic. They usually reply within the hour and actually fix the problem.",
            "Our CSM is proactive and always knows our account inside out. Best customer success team we've worked with.",
            "Quick, friendly and knowledgeable support team. Every ticket was resolved the same day.",
        ),
        "es": (
            "El equipo de soporte es rapidísimo y siempre resuelve las dudas a la primera. ¡Gracias!",
            "Nuestra gestora de cuenta es excelente: atenta, proactiva y conoce muy bien nuestro negocio.",
            "Muy buena atención al cliente, respuestas claras y en pocas horas.",
        ),
        "de": (
            "Der Support ist super schnell und kompetent, unsere Tickets werden meist noch am selben Tag gelöst.",
            "Unser Customer Success Manager ist hervorragend: proaktiv, freundlich und kennt unsere Anforderungen genau.",
            "Sehr hilfsbereites Support-Team, klare Antworten und immer erreichbar. Vielen Dank!",
        ),
        "fr": (
            "Support très réactif et efficace, nos demandes sont traitées en quelques heures.",
            "Notre CSM est excellente : disponible, proactive et toujours de bon conseil.",
            "Équipe support au top, aimable et compétente. On se sent vraiment accompagnés.",
        ),
        "pl": (
            "Świetne wsparcie techniczne – odpowiedź zwykle w ciągu godziny i problem od razu rozwiązany.",
            "Nasza opiekunka klienta jest rewelacyjna: proaktywna, pomocna i dobrze zna nasze potrzeby.",
            "Bardzo szybki i kompetentny support, wszystkie zgłoszenia załatwione tego samego dnia.",
        ),
        "he": (
            "התמיכה מעולה, עונים תוך שעה ובאמת פותרים את הבעיה.",
            "מנהלת הלקוח שלנו פשוט מצוינת – זמינה, יוזמת ומכירה את הצרכים שלנו לעומק.",
            "צוות תמיכה מהיר, אדיב ומקצועי. כל פנייה נסגרה באותו יום.",
        ),
        "ja": (
            "サポートの対応がとても早く、いつも丁寧に問題を解決していただいています。",
            "担当のカスタマーサクセスの方が非常に親身で、こちらの課題をよく理解してくださっています。",
            "問い合わせへの回答が迅速で分かりやすく、大変助かっています。ありがとうございます。",
        ),
        "zh-Hans": (
            "客服响应非常快，问题基本当天就能解决，很专业。",
            "我们的客户成功经理很给力，主动跟进，对我们的业务也很了解。",
            "技术支持团队耐心又专业，每次提问都能得到清楚的答复，点赞！",
        ),
        "zh-Hant": (
            "客服回覆超快，問題幾乎都能當天解決，非常專業。",
            "我們的客戶成功經理很用心，會主動關心使用狀況，對我們的需求也很了解。",
            "技術支援團隊親切又有耐心，每次詢問都能得到清楚的說明，很推薦！",
        ),
    },
    ("usability", "positive"): {
        "en": (
            "Very easy to use. The dashboard is clean and everyone on the team picked it up quickly.",
            "Intuitive interface, I found everything I needed without reading the docs.",
            "Clean, simple UI that makes our weekly account reviews so much easier.",
        ),
        "es": (
            "Muy fácil de usar, el panel es limpio y todo el equipo lo aprendió enseguida.",
            "Interfaz intuitiva: encontré todo lo que necesitaba sin leer la documentación.",
            "Me encanta lo sencillo que es; el dashboard muestra justo lo importante.",
        ),
        "de": (
            "Sehr einfach zu bedienen, das Dashboard ist übersichtlich und das ganze Team kam sofort zurecht.",
            "Intuitive Oberfläche, ich habe alles gefunden, ohne die Dokumentation zu lesen.",
            "Klares, aufgeräumtes Design. Macht unsere wöchentlichen Kundenreviews deutlich angenehmer.",
        ),
        "fr": (
            "Très simple à utiliser, le tableau de bord est clair et toute l'équipe l'a pris en main rapidement.",
            "Interface intuitive, j'ai trouvé tout ce qu'il me fallait sans lire la documentation.",
            "Ergonomie soignée et épurée, c'est un vrai plaisir à utiliser au quotidien.",
        ),
        "pl": (
            "Bardzo łatwe w obsłudze, dashboard jest przejrzysty i cały zespół szybko się nauczył.",
            "Intuicyjny interfejs – znalazłam wszystko, czego potrzebowałam, bez czytania dokumentacji.",
            "Prosty, czytelny wygląd, dzięki któremu cotygodniowe przeglądy klientów idą dużo sprawniej.",
        ),
        "he": (
            "מאוד קל לשימוש, הדשבורד נקי וכל הצוות למד אותו מהר.",
            "ממשק אינטואיטיבי, מצאתי כל מה שהייתי צריך בלי לקרוא את התיעוד.",
            "עיצוב נקי ופשוט שמקל מאוד על סקירות הלקוחות השבועיות שלנו.",
        ),
        "ja": (
            "とても使いやすく、ダッシュボードも見やすいのでチーム全員がすぐに慣れました。",
            "操作が直感的で、マニュアルを読まなくても必要な機能がすぐに見つかりました。",
            "シンプルで分かりやすい画面のおかげで、毎週の顧客レビューがとてもスムーズになりました。",
        ),
        "zh-Hans": (
            "非常好用，仪表盘简洁清晰，团队成员很快就上手了。",
            "界面很直观，不用看文档就能找到需要的功能。",
            "设计简洁，每周的客户复盘效率提高了很多，很喜欢。",
        ),
        "zh-Hant": (
            "非常好用，儀表板簡潔清楚，團隊成員很快就上手了。",
            "介面很直覺，不用看說明文件就能找到需要的功能。",
            "設計簡潔俐落，每週的客戶檢視會議變得順暢很多，很喜歡。",
        ),
    },
    ("onboarding", "positive"): {
        "en": (
            "Onboarding was smooth and well organized. We were live in three weeks.",
            "The implementation team was excellent and the training sessions were genuinely useful for our CSMs.",
            "Great onboarding experience: clear plan, helpful training, and no surprises.",
        ),
        "es": (
            "La implementación fue muy fluida y en tres semanas ya estábamos trabajando con la herramienta.",
            "Las sesiones de formación fueron muy útiles y el equipo de onboarding nos acompañó en todo momento.",
            "Excelente proceso de puesta en marcha, bien planificado y sin sorpresas.",
        ),
        "de": (
            "Das Onboarding lief reibungslos und gut strukturiert, nach drei Wochen waren wir live.",
            "Tolles Implementierungsteam und sehr hilfreiche Schulungen für unsere CSMs.",
            "Die Einführung war vorbildlich: klarer Plan, gute Schulungen, keine bösen Überraschungen.",
        ),
        "fr": (
            "L'onboarding s'est très bien passé, nous étions opérationnels en trois semaines.",
            "Équipe de déploiement excellente et formations vraiment utiles pour nos CSM.",
            "Mise en place fluide et bien organisée, avec un accompagnement de qualité du début à la fin.",
        ),
        "pl": (
            "Wdrożenie przebiegło bardzo sprawnie, po trzech tygodniach pracowaliśmy już na produkcji.",
            "Świetny zespół wdrożeniowy i naprawdę przydatne szkolenia dla naszych CSM-ów.",
            "Onboarding dobrze zorganizowany: jasny plan, pomocne szkolenia i żadnych niespodzianek.",
        ),
        "he": (
            "תהליך ההטמעה עבר חלק ומסודר, ותוך שלושה שבועות כבר עבדנו עם המערכת.",
            "צוות ההטמעה היה מצוין, וההדרכות היו ממש מועילות לצוות שלנו.",
            "חוויית קליטה מעולה: תוכנית ברורה, הדרכות טובות ובלי הפתעות.",
        ),
        "ja": (
            "導入がとてもスムーズで、3週間で本格運用を開始できました。",
            "導入チームのサポートが素晴らしく、トレーニングも実務にすぐ役立つ内容でした。",
            "オンボーディングの計画が明確で、研修も分かりやすく、安心して導入を進められました。",
        ),
        "zh-Hans": (
            "上线过程很顺利，三周就正式用起来了。",
            "实施团队非常专业，培训内容也很实用，对我们帮助很大。",
            "新手引导做得很好，计划清晰，培训到位，整个过程没踩什么坑。",
        ),
        "zh-Hant": (
            "導入過程很順利，三週就正式上線使用了。",
            "導入團隊非常專業，教育訓練的內容也很實用，幫助很大。",
            "上線流程規劃得很清楚，教育訓練也很到位，整個過程很安心。",
        ),
    },
    ("product", "positive"): {
        "en": (
            "Great product. It saves our team hours every week and we rely on it daily.",
            "Honestly one of the best tools in our stack. The health scores help us catch churn risks early.",
            "We use it every day to run our renewals, and I can't imagine going back to spreadsheets.",
        ),
        "es": (
            "Un producto excelente que nos ahorra horas cada semana; el equipo lo usa a diario.",
            "De las mejores herramientas que tenemos, nos ayuda a detectar a tiempo los clientes en riesgo.",
            "Lo usamos todos los días para gestionar las renovaciones y no volveríamos a las hojas de cálculo.",
        ),
        "de": (
            "Tolles Produkt! Spart unserem Team jede Woche Stunden, wir nutzen es täglich.",
            "Eines der besten Tools in unserem Stack, die Health Scores helfen uns, Abwanderungsrisiken früh zu erkennen.",
            "Wir steuern unsere Verlängerungen komplett darüber und möchten nie wieder zurück zu Excel.",
        ),
        "fr": (
            "Excellent produit, il fait gagner des heures à notre équipe chaque semaine. On l'utilise tous les jours.",
            "Un des meilleurs outils de notre stack : les scores de santé nous aident à repérer le churn très tôt.",
            "Indispensable pour piloter nos renouvellements, impossible de revenir aux tableurs.",
        ),
        "pl": (
            "Świetny produkt, oszczędza naszemu zespołowi wiele godzin tygodniowo i korzystamy z niego codziennie.",
            "Jedno z najlepszych narzędzi, jakich używamy – health score pomaga nam wcześnie wyłapać ryzyko odejścia klienta.",
            "Codziennie zarządzamy w nim odnowieniami umów i nie wyobrażam sobie powrotu do arkuszy kalkulacyjnych.",
        ),
        "he": (
            "מוצר מעולה, חוסך לצוות שלנו שעות כל שבוע ואנחנו עובדים איתו כל יום.",
            "אחד הכלים הכי טובים שיש לנו, ציוני הבריאות עוזרים לזהות מוקדם לקוחות בסיכון.",
            "אנחנו מנהלים דרכו את כל החידושים, ולא הייתי חוזר לאקסלים בשום מצב.",
        ),
        "ja": (
            "素晴らしい製品です。毎週何時間も作業時間を削減でき、チーム全員が毎日使っています。",
            "ヘルススコアのおかげで解約リスクを早めに把握できるようになり、本当に助かっています。",
            "更新管理に毎日欠かせないツールです。もうスプレッドシートには戻れません。",
        ),
        "zh-Hans": (
            "产品非常棒，每周帮团队省下好几个小时，我们每天都在用。",
            "是我们用过最好的工具之一，健康度评分能帮我们提前发现流失风险。",
            "续约管理全靠它，已经离不开了，再也不想回到Excel表格时代。",
        ),
        "zh-Hant": (
            "真的是很棒的產品，每個禮拜幫團隊省下不少時間，大家天天都在用。",
            "是我們用過最好的工具之一，健康分數能幫我們及早發現流失風險。",
            "續約管理全靠它，已經離不開了，再也不想回去用Excel試算表。",
        ),
    },
    ("product", "neutral"): {
        "en": (
            "It does the job. Nothing special, but nothing major to complain about either.",
            "Still evaluating. Some features are useful, others we haven't really explored yet.",
            "Fine for basic account tracking. Not sure yet whether it was worth switching from our old tool.",
        ),
        "es": (
            "Cumple su función. Nada especial, pero tampoco tengo grandes quejas.",
            "Todavía lo estamos evaluando; algunas funciones son útiles y otras aún no las hemos probado.",
            "Está bien para lo básico, aunque no sé si justifica haber cambiado de herramienta.",
        ),
        "de": (
            "Erfüllt seinen Zweck. Nichts Besonderes, aber auch keine großen Probleme.",
            "Wir sind noch in der Evaluierung, manche Funktionen sind nützlich, andere haben wir noch nicht ausprobiert.",
            "Für die Grundfunktionen in Ordnung, ob sich der Wechsel gelohnt hat, wissen wir noch nicht.",
        ),
        "fr": (
            "Ça fait le travail. Rien d'exceptionnel, mais rien de grave à signaler non plus.",
            "Encore en phase d'évaluation : certaines fonctions sont utiles, d'autres pas encore testées.",
            "Correct pour le suivi de base, reste à voir si ça valait le changement d'outil.",
        ),
        "pl": (
            "Spełnia swoje zadanie. Nic specjalnego, ale też nie mam większych zastrzeżeń.",
            "Wciąż testujemy – część funkcji jest przydatna, innych jeszcze nie sprawdziliśmy.",
            "Do podstawowych rzeczy wystarcza, ale jeszcze nie wiem, czy zmiana narzędzia była warta zachodu.",
        ),
        "he": (
            "עושה את העבודה. שום דבר מיוחד, אבל גם אין לי תלונות רציניות.",
            "אנחנו עדיין בודקים את המערכת, חלק מהיכולות שימושיות ואת השאר עוד לא ניסינו.",
            "בסדר לצרכים בסיסיים, עוד לא ברור לי אם היה שווה לעבור מהכלי הקודם.",
        ),
        "ja": (
            "必要なことはできています。特に不満はありませんが、特別良いとも感じません。",
            "まだ評価中です。便利な機能もありますが、使いこなせていない部分も多いです。",
            "基本的な顧客管理には十分ですが、以前のツールから乗り換える価値があったかはまだ分かりません。",
        ),
        "zh-Hans": (
            "能用，满足基本需求，没什么特别的，也没什么大问题。",
            "还在试用评估中，有些功能挺实用，有些还没来得及试。",
            "做基础的客户跟进还行，但说不好换过来值不值。",
        ),
        "zh-Hant": (
            "堪用，基本需求都有滿足，沒什麼特別，也沒什麼大問題。",
            "還在評估階段，有些功能蠻實用的，有些還沒時間試。",
            "拿來做基本的客戶追蹤還可以，但還不確定換過來值不值得。",
        ),
    },
}
