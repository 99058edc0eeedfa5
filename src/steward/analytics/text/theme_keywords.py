"""Hand-written multilingual keywords for the themes customer feedback keeps coming back to (Steward's own
table). Keyed by concept, then language; "_" joins the words of a phrase. A keyword matches a whole
word plus up to three more letters (plurals and most inflections: "preis" finds "preise"); Chinese and
Japanese keywords match anywhere in the text.

`ALIASES` maps words a user may name a theme with ("price", "Preis", "speed") to a concept; English
example phrases containing a concept's English keywords also pull in that concept.
"""

from __future__ import annotations

from typing import Final

CONCEPTS: Final[dict[str, dict[str, str]]] = {
    "pricing": {
        "en": "expensive overpriced pricey price prices pricing cost costs costly cheap cheaper affordable "
        "value_for_money too_much_money subscription fee fees",
        "de": "teuer teurer teure preis preise preiserhöhung kosten kostet günstig billig abo gebühr",
        "fr": "cher chère chers trop_cher prix tarif tarifs coût coûte coûteux abonnement hausse_des_prix",
        "es": "caro cara caros demasiado_caro precio precios tarifa coste costo cuesta barato suscripción",
        "it": "caro costoso prezzo prezzi costo tariffa abbonamento",
        "pt": "caro cara preço preços custo tarifa assinatura",
        "nl": "duur prijs prijzen kosten abonnement",
        "pl": "drogi drogie droga drogo za_drogie cena ceny cennik koszt kosztuje tani abonament opłata",
        "zh": "贵 貴 价格 價格 价钱 價錢 费用 費用 收费 收費 涨价 漲價 便宜 订阅 訂閱",
        "ja": "高い 高すぎ 値段 価格 料金 値上げ 費用 安い",
        "he": "יקר יקרה יקרים מחיר מחירים עלות תמחור זול מנוי",
    },
    "support": {
        "en": "support customer_service response_time responded respond answer answered reply replied "
        "helpdesk help_desk agent ticket tickets waited waiting",
        "de": "support kundenservice kundendienst antwort antwortet antworten reaktionszeit hotline "
        "service warten wartezeit ticket",
        "fr": "support service_client réponse répondre répond assistance attente délai_de_réponse ticket",
        "es": "soporte atención_al_cliente servicio_al_cliente respuesta responder responden espera ticket",
        "it": "assistenza supporto servizio_clienti risposta rispondere attesa",
        "pt": "suporte atendimento resposta responder espera",
        "nl": "support klantenservice antwoord reactie wachttijd",
        "pl": "wsparcie obsługa_klienta obsługa pomoc_techniczna odpowiedź odpowiadają odpowiedzi czekam "
        "czekanie zgłoszenie konsultant",
        "zh": "客服 支持 售后 售後 回复 回覆 回应 回應 响应 響應 等待 服务 服務",
        "ja": "サポート 問い合わせ 返信 回答 対応 窓口 カスタマーサービス",
        "he": "תמיכה שירות_לקוחות שירות מענה תשובה עונים נציג המתנה",
    },
    "onboarding": {
        "en": "onboarding setup set_up getting_started get_started installation install training tutorial "
        "first_steps sign_up signup configure",
        "de": "onboarding einrichtung einrichten einstieg installation schulung anleitung registrierung",
        "fr": "intégration prise_en_main installation configuration démarrage formation inscription",
        "es": "incorporación configuración instalación puesta_en_marcha primeros_pasos formación registro",
        "it": "configurazione installazione primi_passi formazione registrazione",
        "pt": "configuração instalação primeiros passos treinamento cadastro",
        "nl": "installatie configuratie eerste_stappen",
        "pl": "wdrożenie konfiguracja instalacja pierwsze_kroki szkolenie rejestracja",
        "zh": "入门 入門 上手 安装 安裝 设置 設置 配置 培训 培訓 注册 註冊",
        "ja": "導入 初期設定 設定 インストール セットアップ 登録",
        "he": "הטמעה התקנה הגדרה הדרכה הרשמה",
    },
    "bugs": {
        "en": "bug bugs buggy crash crashes crashed crashing error errors broken glitch glitches freeze "
        "freezes frozen fails failed failure not_working doesn't_work unreliable outage data_loss",
        "de": "fehler bug bugs absturz abstürze stürzt abgestürzt kaputt funktioniert_nicht hängt ausfall "
        "störung defekt",
        "fr": "bug bugs bogue plante planté plantage erreur erreurs panne ne_marche_pas ne_fonctionne_pas "
        "cassé",
        "es": "error errores fallo fallos falla bug se_cae se_bloquea no_funciona roto caída",
        "it": "errore errori bug si_blocca crash non_funziona guasto",
        "pt": "erro erros falha bug trava não_funciona",
        "nl": "fout fouten bug crasht storing werkt_niet",
        "pl": "błąd błędy bug awaria zawiesza_się nie_działa wywala crash zepsute",
        "zh": "错误 錯誤 崩溃 崩潰 闪退 閃退 故障 bug 出错 出錯 死机 當機 卡死 报错 報錯",
        "ja": "バグ エラー 不具合 落ちる 固まる クラッシュ 障害 動かない",
        "he": "באג באגים תקלה תקלות קורס קריסה שגיאה לא_עובד נתקע",
    },
    "performance": {
        "en": "slow slowly fast faster speed loading load_time lag laggy sluggish performance takes_forever "
        "responsive latency",
        "de": "langsam schnell geschwindigkeit ladezeit lädt performance leistung ruckelt träge",
        "fr": "lent lente lenteur rapide vitesse chargement performance performances temps_de_chargement",
        "es": "lento lenta lentitud rápido velocidad carga tarda rendimiento",
        "it": "lento lenta veloce velocità caricamento prestazioni",
        "pt": "lento lenta rápido velocidade carregamento desempenho",
        "nl": "traag snel snelheid laadtijd prestaties",
        "pl": "wolno wolny wolna wolne powolny szybki szybko szybkość prędkość ładowanie wydajność muli",
        "zh": "慢 卡 卡顿 卡頓 速度 加载 加載 性能 延迟 延遲 快",
        "ja": "遅い 重い 速度 読み込み 動作 パフォーマンス 早い 速い",
        "he": "איטי איטית מהיר מהירות טעינה ביצועים",
    },
    "usability": {
        "en": "easy_to_use hard_to_use intuitive confusing usability user_interface ui ux design layout "
        "navigation navigate clunky complicated user_friendly user-friendly",
        "de": "benutzerfreundlich bedienung bedienbar oberfläche intuitiv verwirrend unübersichtlich "
        "übersichtlich kompliziert design navigation",
        "fr": "facile_à_utiliser ergonomie interface intuitif intuitive déroutant compliqué navigation",
        "es": "fácil_de_usar usabilidad interfaz intuitivo intuitiva confuso complicado navegación diseño",
        "it": "facile_da_usare interfaccia intuitivo complicato navigazione",
        "pt": "fácil_de_usar interface intuitivo confuso complicado navegação",
        "nl": "gebruiksvriendelijk interface intuïtief verwarrend ingewikkeld",
        "pl": "łatwy_w_obsłudze intuicyjny intuicyjna interfejs nieczytelny skomplikowany nawigacja obsługa",
        "zh": "界面 好用 难用 難用 易用 操作 复杂 複雜 直观 直觀 设计 設計",
        "ja": "使いやすい 使いにくい 画面 操作 インターフェース 分かりにくい わかりにくい デザイン",
        "he": "ממשק נוח_לשימוש קל_לשימוש מסובך מבלבל עיצוב ניווט",
    },
    "integrations": {
        "en": "integration integrations integrate api webhook webhooks salesforce hubspot slack zapier "
        "connector sync import",
        "de": "integration integrationen schnittstelle api anbindung synchronisation import",
        "fr": "intégration intégrations api connecteur synchronisation import",
        "es": "integración integraciones api conector sincronización importar",
        "it": "integrazione integrazioni api connettore sincronizzazione",
        "pt": "integração integrações api conector sincronização",
        "nl": "integratie integraties api koppeling synchronisatie",
        "pl": "integracja integracje integracji api synchronizacja import",
        "zh": "集成 整合 接口 对接 對接 同步 导入 導入 api",
        "ja": "連携 統合 api 同期 インポート",
        "he": "אינטגרציה אינטגרציות ממשק api סנכרון",
    },
    "reporting": {
        "en": "report reports reporting export exports exported exporting csv excel spreadsheet xlsx "
        "download_the_data",
        "de": "bericht berichte reporting export exporte exportieren exportiert csv excel tabelle",
        "fr": "rapport rapports reporting export exporter exporté csv excel tableur",
        "es": "informe informes reporte reportes exportar exportación exporta csv excel hoja_de_cálculo",
        "it": "rapporto rapporti report esportare esportazione csv excel",
        "pt": "relatório relatórios exportar exportação csv excel planilha",
        "nl": "rapport rapporten exporteren export csv excel",
        "pl": "raport raporty raportowanie eksport eksportu eksportować csv excel arkusz",
        "zh": "报表 報表 报告 報告 导出 匯出 導出 csv excel",
        "ja": "レポート 報告書 エクスポート 出力 csv エクセル",
        "he": 'דוח דוחות דו"ח ייצוא יצוא csv אקסל',
    },
    "billing": {
        "en": "billing invoice invoices charged charge charges overcharged refund payment payments "
        "credit_card receipt",
        "de": "rechnung rechnungen abrechnung abgebucht abbuchung zahlung erstattung rückerstattung "
        "kreditkarte",
        "fr": "facturation facture factures prélèvement prélevé paiement remboursement carte_bancaire",
        "es": "facturación factura facturas cobro cobraron cargo pago reembolso tarjeta",
        "it": "fatturazione fattura addebito pagamento rimborso",
        "pt": "cobrança fatura faturas pagamento reembolso cartão",
        "nl": "facturering factuur betaling terugbetaling afschrijving",
        "pl": "faktura faktury fakturowanie płatność płatności obciążenie zwrot_pieniędzy karta",
        "zh": "账单 帳單 发票 發票 扣款 付款 支付 退款 收费 收費",
        "ja": "請求 請求書 支払い 返金 引き落とし 課金",
        "he": "חשבונית חשבוניות חיוב חויבתי תשלום החזר כרטיס_אשראי",
    },
    "documentation": {
        "en": "documentation docs manual guide guides help_center knowledge_base instructions faq",
        "de": "dokumentation doku handbuch anleitung hilfe hilfeseiten faq",
        "fr": "documentation doc manuel guide aide tutoriel faq",
        "es": "documentación manual guía guías ayuda instrucciones preguntas_frecuentes",
        "it": "documentazione manuale guida istruzioni",
        "pt": "documentação manual guia instruções",
        "nl": "documentatie handleiding uitleg",
        "pl": "dokumentacja dokumentacji instrukcja instrukcji podręcznik poradnik pomoc",
        "zh": "文档 文檔 说明 說明 手册 手冊 帮助 幫助 教程",
        "ja": "ドキュメント マニュアル 説明書 ヘルプ ガイド",
        "he": "תיעוד מדריך הוראות עזרה",
    },
    "features": {
        "en": "feature_request feature_requests missing_feature would_be_nice wish please_add should_add "
        "lacks roadmap",
        "de": "funktion funktionen feature wunsch bitte_hinzufügen fehlt fehlende wäre_schön",
        "fr": "fonctionnalité fonctionnalités manque il_manque souhait ajouter serait_bien",
        "es": "funcionalidad funcionalidades función falta faltan me_gustaría añadir agregar",
        "it": "funzionalità funzione manca aggiungere",
        "pt": "funcionalidade recurso falta adicionar",
        "nl": "functie functionaliteit ontbreekt toevoegen",
        "pl": "funkcja funkcje funkcji brakuje brak dodać prośba chciałbym",
        "zh": "功能 需求 希望 增加 添加 缺少",
        "ja": "機能 要望 追加 欲しい ほしい",
        "he": "פיצ'ר תכונה חסר להוסיף בקשה",
    },
}

# Words a user may name a theme with -> concept (lowercase; any language).
ALIASES: Final[dict[str, str]] = {
    **dict.fromkeys(("pricing", "price", "prices", "cost", "costs", "preis", "prix", "precio"), "pricing"),
    **dict.fromkeys(("support", "service", "customer service", "response time", "help"), "support"),
    **dict.fromkeys(("onboarding", "setup", "implementation", "getting started"), "onboarding"),
    **dict.fromkeys(("bugs", "bug", "reliability", "stability", "errors", "crashes", "quality"), "bugs"),
    **dict.fromkeys(("performance", "speed", "latency", "slowness"), "performance"),
    **dict.fromkeys(("usability", "ui", "ux", "ease of use", "design", "interface"), "usability"),
    **dict.fromkeys(("integrations", "integration", "api"), "integrations"),
    **dict.fromkeys(
        ("reporting", "reports", "report", "export", "exports", "reporting & export", "reporting and export"),
        "reporting",
    ),
    **dict.fromkeys(("billing", "invoices", "invoice", "payments", "refunds"), "billing"),
    **dict.fromkeys(("documentation", "docs", "help center"), "documentation"),
    **dict.fromkeys(("features", "feature requests", "feature request", "features requests"), "features"),
}
