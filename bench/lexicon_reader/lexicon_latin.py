"""Hand-written sentiment words for languages written with spaces (Steward's own lists, not copied).

Format: whitespace-separated entries; a trailing `*` matches any word that starts with the stem (which
covers inflection in German, Polish, French and Spanish without a stemmer); entries in the STRONG lists
weigh twice as much. Negators flip the polarity of a sentiment word that follows within three words;
boosters strengthen it; contrast words ("but") shift the weight onto the clause after them.
"""

from __future__ import annotations

from typing import Final

# language -> (positive, negative, strong positive, strong negative, negators, boosters, contrast)
LATIN: Final[dict[str, tuple[str, str, str, str, str, str, str]]] = {
    "en": (
        """good nice great fine happy glad love* like liked likes enjoy* fun pleasant friendly helpful
        recommend* easy simple fast quick quickly smooth clean fresh tasty delicious yummy beautiful
        lovely pretty cool awesome super better improve* improved reliable stable intuitive
        useful valuable worth impressive impressed satisf* thank* thanks thx appreciate* responsive
        polite kind patient professional efficient effective solid generous reasonable affordable
        cheap bargain fair well works working worked wonderful wow yay hope* hopeful win won winning
        success* best correct right clear attentive cozy comfortable tender juicy perfectly fantastic
        favorite favourite favour* beautifully glad pleased proud excited exciting interesting
        welcome* congrat* enjoyed enjoying lucky safe agree* positive accurate
        joy joyful peace peaceful victory congratulations smile smiling laugh* free freedom proud
        blessed grateful gorgeous heroes hero kindness cheers""",
        """bad poor terrible awful horrible worse worst hate* dislike* annoy* angry mad sad unhappy
        disappoint* frustrat* slow slowly broken break* breaks bug buggy crash* error* fail* failed
        problem* issue* difficult hard confus* complicated useless pointless waste* wasted expensive
        overpriced pricey rude unfriendly unhelpful dirty cold bland stale tasteless gross
        nasty sick ugly wrong missing lost lose losing late delay* wait* waiting boring bored
        mediocre meh lacking lack* unreliable unstable laggy lag* glitch* sucks suck sucked stupid
        ridiculous outrageous unacceptable cancel* refund* complain* complaint* mess messy hurt
        pain painful fear scared worried worry terrible tired dead kill* die died attack* war
        crisis threat* shame shameful sorry fault unfortunately sadly cheated scam* fraud* insult*
        disgust* dissatisf* raw undercooked overcooked burnt soggy greasy dry hardly inedible
        death deaths killed killing murder* terror* violence violent hatred racis* pollut* destroy*
        danger* disaster* tragic tragedy victim* accident* crime* corrupt* liar lie lies lying crazy
        idiot* shameful poverty suffer* unfair abuse* fake disgrace* cruel evil enemy
        freez* stuck outage* downtime impossible unresponsive timeout*""",
        """excellent amazing outstanding perfect brilliant superb incredible fabulous exceptional
        love loved loving awesome delightful magnificent flawless best resolved solved""",
        """horrible terrible awful disgusting worst hate hated hating pathetic abysmal atrocious
        appalling garbage crap shit trash unusable furious horrendous dreadful""",
        """not no never nothing neither nor none nobody without hardly cannot cant dont doesnt didnt
        isnt wasnt arent werent wont wouldnt shouldnt couldnt aint""",
        """very really so too extremely super totally absolutely incredibly highly truly quite
        especially most much""",
        "but however although though yet",
    ),
    "de": (
        """gut gute guter gutes guten gefällt gefallen schön* toll* prima super klasse nett freundlich*
        hilfreich* einfach schnell* zufrieden* froh glücklich* lieb* gern gerne mag mögen empfehl* lecker*
        sauber* angenehm* bequem* praktisch* nützlich* zuverlässig* stabil* intuitiv* danke* dank
        geschätzt freu* spaß witzig interessant* günstig* preiswert* fair* richtig* klar*
        funktioniert funktionieren geil cool besser verbessert* erfolg* gewonnen gewinn*
        hoffnung* hoffe sicher* korrekt* passt lob* begeister* schätze* wow juhu yeah yay
        freude fröhlich* frieden sieg gratul* lächeln lach* frei freiheit stolz dankbar herrlich* held*
        glück lustig* liebe
        geholfen übersichtlich* unkompliziert* reibungslos* spart sparen
        gespart ersparnis* zeitersparnis* zügig* flott kompetent* professionell* geduldig* lohnt*""",
        """schlecht* schlimm* mies* doof* blöd* dumm* ärger* ärgerlich* nervig* nerv* wütend* sauer
        traurig* enttäusch* frust* langsam* kaputt* defekt* fehler* absturz* abstürz* stürzt
        problem* schwierig* kompliziert* umständlich* verwirr* nutzlos* sinnlos* teuer* überteuert*
        unfreundlich* unhöflich* schmutzig* dreckig* kalt* fad* hässlich* falsch* verloren* verlust*
        warten wartezeit* verspät* verzöger* langweil* mangel* mangelhaft* unzuverlässig* instabil*
        hängt stockt ruckelt beschwer* reklamation* kündig* rückerstattung* leider schade sorge*
        angst krank* tot* krieg* krise* gefahr* skandal* katastroph* peinlich* scheitern gescheitert
        versagt unmöglich* unzufrieden* unverschämt* betrug* betrüg* lüge* lügen
        tod tote getötet mord* terror* gewalt* hass rassis* verschmutz* zerstör* gefährlich* unfall*
        verbrech* korrupt* lüg* verrückt* idiot* armut leid* leiden unfair* missbrauch* grausam* böse
        feind* opfer* drama* dämlich* bescheuert* schwachsinn*
        bricht abgebrochen abbruch* abbrüch* ausfall* ausfäll* friert eingefroren warte
        wartet gewartet fehlende unübersichtlich* überfordert* verschwend* zeitverschwendung
        preiserhöhung* teur*""",
        """ausgezeichnet* hervorragend* perfekt* fantastisch* großartig* wunderbar* genial*
        exzellent* traumhaft* begeistert liebe geliebt super behoben""",
        """furchtbar* schrecklich* katastrophal* grauenhaft* miserabel* ekelhaft* scheiße scheiss*
        hass* unbrauchbar* unerträglich* widerlich* mist""",
        """nicht nichts nie niemals kein keine keinen keiner keinem keines ohne weder kaum niemand""",
        """sehr echt total extrem wirklich richtig absolut ganz so zu besonders äußerst höchst voll viel""",
        "aber jedoch doch trotzdem allerdings sondern",
    ),
    "fr": (
        """bon bonne bons bonnes bien beau belle beaux joli* super génial* sympa* agréable* aimable*
        gentil* content* heureu* ravi* aime aimé aimer adore* plaisir* facile* simple* rapide*
        efficace* pratique* utile* fiable* stable* intuiti* merci remerci* apprécie* recommande*
        délicieu* savoureu* propre* frais fraîche* cool mieux meilleur* amélior* réussi* succès
        gagn* espoir* espère positi* correct* clair* intéressant* drôle* chouette bravo félicit*
        fonctionne marche bienvenue* sûr* raisonnable* abordable*
        joie joyeu* paix victoire félicitation* sourire* rire rir* libre liberté fier fière fiers
        bonheur heureuse* merveille* top adorable* amour chance réussite* sauv* solidarité* vive espoir*
        ravie réactif réactive réactifs réactivité professionnel* compétent* imbattable* fluide* performant*
        économis* aidé""",
        """mauvais* mal nul nulle nuls moche* triste* déçu* décevant* décep* énerv* fâché* colère
        lent* lente* lenteur* cassé* panne* bug* bogue* plant* erreur* échec* échou* problème*
        difficile* compliqué* confus* inutile* perte* cher chère chers chères coûteu*
        impoli* désagréable* sale* froid* fade* faux fausse* perdu* attente attendre retard*
        ennui* ennuy* médiocre* manque* instable* peur* inquiet* malade* mort* guerre* crise*
        danger* scandale* honte* dommage hélas malheureu* arnaque* escroc* plainte* rembourse*
        annul* résili* pire pires insatisf* inadmissible* inacceptable* catastroph* grave*
        menace* attaque* tué* violence* victime* pauvre* triste
        mort morts tuer tués meurtr* terroris* attentat* haine racis* pollu* détrui* destruction*
        dangereu* risque* catastrophe* drame* tragique* blessé* accident* crime* corruption* mensonge*
        menteur* fou folle folie* stupide* con conne connard* débile* idiot* ridicule* chômage pauvreté
        faillite* inquiétant* pleur* souffr* douleur* malheur* perdre perd injust* abus* scandale*
        victimes colère
        éternité impossible* bloqu* crash* déconnect* attends attendons attendent attendais""",
        """excellent* parfait* magnifique* formidable* fantastique* extraordinaire* merveilleu*
        génial géniale adoré incroyable* superbe* résolu résolue résolus réglé
        réglée""",
        """horrible* affreu* atroce* dégoût* dégueulasse* nul* pourri* catastrophique* inutilisable*
        détest* déteste haine* lamentable* merde* honteu* scandaleu*""",
        """pas ne n jamais rien aucun aucune sans ni personne guère""",
        """très trop vraiment tellement si super vachement extrêmement totalement absolument
        complètement hyper beaucoup""",
        "mais cependant pourtant toutefois néanmoins",
    ),
    "es": (
        """bueno buena buenos buenas bien bonito* lindo* guapo* genial* chévere bacán agradable*
        amable* simpático* content* feliz felices alegr* encanta* encantado* gusta gustó gustan
        disfrut* fácil* sencill* rápid* eficaz* eficiente* práctic* útil* fiable* confiable* estable*
        intuitiv* gracias agradec* aprecio recomiend* recomendable* delicios* rico rica rica* limpi*
        fresc* mejor mejores mejora* éxito* ganar gan* esperanza* espero positiv* correct* clar*
        interesant* divertid* bravo felicidad* felicit* funciona bienvenid* segur* barato* económic*
        razonable* jaja* jeje* xd
        paz victoria sonrisa* sonre* reír risa* libre libertad orgullo* agradecid* hermos* héroe*
        bendic* amor amo ilusión alegría suerte besos beso abrazo* felicidades
        funcionan funcionó funcionaba funcionando fluid* ahorr* profesional* competente* atent*
        satisfech* rapid*""",
        """malo mala malos malas mal feo* fea* triste* decepcion* enfad* enojad* molest* frustra*
        lent* lenta* rot* avería* error* fallo* falla* problema* difícil* complicad* confus* inútil*
        pérdida* caro cara caros caras carísim* costoso* grosero* desagradable* suci* sucio* frí*
        insípid* falso* perdid* retraso* demora* aburrid* mediocre* falta* inestable*
        miedo* preocup* enferm* muert* guerra* crisis peligro* escándalo* vergüenza* lástima
        desgraciad* estafa* fraude* queja* reembolso* cancel* peor peores insatisf* inaceptable*
        catastróf* grave* amenaza* ataque* violencia* víctima* pobre* odi* llorar lloro triste
        muerte muertos matar mataron asesin* terroris* violen* odio racis* contamin* destru* peligros*
        desastre* tragedia* víctimas accidente* crimen* corrup* mentira* mentiroso* loco loca locura
        estúpid* idiota* pobreza sufr* dolor* injust* abuso* maldit* cruel* enemigo* triste tristeza
        llorando harto harta
        eternidad tarda tardan tardó tardaba tardaron esperando perdimos perdí perdió perdieron
        equivocad* imposible* bloque* caíd*""",
        """excelente* perfect* maravillos* fantástic* increíble* magnífic* espectacular* estupend*
        encantó buenísim* genialísim* resuelto resuelta resolvió resolvieron
        solucionado solucionada solucionó solucionaron""",
        """horrible* terrible* pésim* asquero* asco* fatal* desastre* desastros* basura* odio
        odiar* inservible* lamentable* mierda* vergonzoso* patétic*""",
        """no nunca nada ni ningún ninguno ninguna sin jamás tampoco nadie apenas""",
        """muy tan demasiado realmente súper super bastante totalmente absolutamente extremadamente
        sumamente re""",
        "pero aunque sino",
    ),
    "pl": (
        """dobr* fajn* super świetn* miły* miła* miłe miło przyjemn*
        przyjazn* pomocn* łatw* prost* szybk* sprawn* zadowol* szczęśliw* cieszę cieszy lubię
        lubi* kocham podoba* polecam polec* smaczn* pyszn* czyst* świeże* świeży wygodn* praktyczn*
        przydatn* użyteczn* niezawodn* stabiln* intuicyjn* dziękuj* dzięki doceniam tani* tanio
        opłacaln* rozsądn* uczciw* lepiej lepsz* najlepsz* poprawi* sukces* wygra* nadzieja*
        bezpieczn* jasn* ciekaw* zabawn* brawo gratul* działa działają pięknie piękn* ładn*
        radość* pokój zwycięstw* gratul* uśmiech* śmiech* wolność dumn* wdzięczn* piękny bohater* miłość
        kochan* szczęście
        kompetent* przejrzyst* oszczędza* oszczędn* profesjonaln* naprawion* pomógł pomogła pomogli
        pomaga błyskawiczn* warto""",
        """zły zła złe źle złych słab* kiepsk* okropn* nieprzyjemn* niemił* smutn* rozczarow* zawiod*
        zawiedzion* wkurz* denerw* irytuj* frustr* woln* wolno powoln* zepsut* awari* błąd błęd*
        problem* trudn* skomplikow* niejasn* bezużyteczn* bezsens* strata* drogi drogie droga
        drogo drożej przepłac* niegrzeczn* brudn* zimn* mdł* fałszyw* zgubi*
        strac* czeka* opóźni* spóźni* nudn* brak* niestabiln* zawies*
        reklamacj* skarg* zwrot* anul* rezygn* niestety szkoda boję strach* martwi* chor* śmierć
        wojn* kryzys* niebezpiecz* skandal* wstyd* oszust* oszuk* niezadowolon* najgorsz* gorsz*
        gorzej
        śmierć zabi* morderst* terror* przemoc* nienawiść rasis* zanieczyszcz* zniszcz* katastrofa*
        tragedi* ofiar* wypad* przestęp* korupcj* kłamst* kłam* wariat* idiot* bieda* cierpi* ból
        niesprawiedliw* nadużyc* okrutn* wróg
        złą złego złej złym złymi źli wysyp* crash* wieki wieczność* zamul* muli laguje zacina* błędn*
        podwyżk* niezadowol*""",
        """doskonał* idealn* wspaniał* fantastyczn* rewelacyjn* genialn* znakomit* cudown*
        niesamowit* uwielbiam rozwiązał rozwiązała rozwiązali""",
        """beznadziejn* fataln* tragiczn* straszn* obrzydliw* nienawidz* koszmar* żenując* badziew*
        katastrof* dramat*""",
        """nie nigdy nic żaden żadna żadne żadnego bez ani nikt""",
        """bardzo naprawdę tak zbyt za strasznie totalnie absolutnie niezwykle wyjątkowo mega""",
        "ale jednak lecz chociaż choć mimo",
    ),
    "he": (
        """טוב טובה טובים טובות יפה יפים נחמד נחמדה נחמדים מעולה מצוין מצוינת אוהב אוהבת אוהבים
        נהנה נהנתי נהניתי שמח שמחה שמחים מרוצה מרוצים ממליץ ממליצה מומלץ קל פשוט מהיר מהירה
        יעיל יעילה שימושי אמין יציב נוח נוחה תודה תודות מודה מעריך טעים טעימה נקי נקייה טרי
        זול משתלם הוגן הוגנת עובד עובדת עוזר עוזרת אדיב אדיבה סבלני מקצועי מקצועית כיף מושלם
        חמוד חמודה אחלה בטוח ברור מעניין הצלחה מצליח מנצח תקווה
        מהר מהירים חלקה שווה ממליצים מומלצת חוסך חוסכת חוסכים חוסכות עזר עזרה עזרו מקצועיים סבלנית זמין
        זמינה זמינים אינטואיטיבי אינטואיטיבית יציבה אמינה קלה פשוטה""",
        """רע רעה רעים גרוע גרועה גרועים נורא נוראי איטי איטית איטיים שבור שבורה תקלה תקלות באג
        באגים קורס קרס נתקע נתקעת שגיאה שגיאות בעיה בעיות בעייתי קשה מסובך מבלבל מיותר חבל
        יקר יקרה יקרים מופקע גס גסה מלוכלך קר תפל מאוכזב מאוכזבת אכזבה עצוב עצובה כועס
        כועסת מתסכל עצבני מעצבן לחכות המתנה מחכה איחור עיכוב משעמם חסר חסרים תלונה
        החזר ביטול לבטל לצערי פחד מפחד דואג מלחמה משבר סכנה מסוכן בושה רמאות הונאה גרוע
        קורסת קורסים קרסה נכשל נכשלת נכשלים נכשלו כישלון נתקעים תקוע תקועה נצח חסרה חסרות מבלבלת
        מבלבלים מאוכזבים מאוכזבות מתסכלת יקרות איטיות שגוי שגויה טעות מחכה מחכים חיכיתי התייקר
        התייקרות שובר שוברת""",
        """מדהים מדהימה מושלם מושלמת נהדר נהדרת מעולה פנטסטי מקסים מקסימה אהבתי פתר פתרה פתרו נפתר
        נפתרה""",
        """איום איומה זוועה זוועתי מחריד מגעיל שונא שונאת שנאה גועל""",
        """לא אין בלי אף אינו אינה שום לעולם מעולם""",
        """מאוד ממש כל כך מדי נורא לגמרי באמת הכי""",
        "אבל אולם למרות אך",
    ),
}

# Things a customer counts on (a reply, logging in, saving, a notice before a change): neutral alone,
# negative when negated ("no reply", "kann mich nicht anmelden", "sin previo aviso", "אין תשובה").
EXPECTED: Final[dict[str, str]] = {
    "en": """log login load loads loading open opens sync syncs connect connects respond* reply replies
        response* answer* find finds found notice warning""",
    "de": """anmelden einloggen login öffnen öffnet laden lädt speichern speichert verbinden verbindet
        synchronisiert synchronisieren exportieren importieren antwort* rückmeldung* reaktion* meldet
        gemeldet findet finden gefunden erreichbar läuft laufen klappt vorwarnung ankündigung""",
    "fr": """connecter connexion ouvrir ouvre charger charge enregistrer sauvegard* synchronis* répon*
        retour rappel* aide préavis prévenir""",
    "es": """iniciar acceder entrar conectar abrir abre guardar cargar carga sincroniz* respuesta*
        responde* respondi* contest* ayuda aviso""",
    "pl": """zalogować zaloguj* logowanie otworzyć otwiera* zapisać zapisuj* załadować ładuje ładować
        połącz* synchroniz* reaguj* odpowi* odpisa* uprzedzenia ostrzeżenia""",
    "he": """תשובה מענה תגובה להתחבר להיכנס לפתוח לשמור נטען נטענת נטענים עונה עונים ענה ענו ענתה
        הודעה התראה""",
}

# Multi-word expressions, matched before single words and weighed as a whole (no further negation):
# language -> (positive, negative, neutral), expressions separated by "|"; `*` ends a word stem.
PHRASES: Final[dict[str, tuple[str, str, str]]] = {
    "en": ("worth it|worth every", "takes forever|took forever|taking forever|take forever|takes ages|"
           "billed twice|charged twice|double charged|way too long|too long", ""),
    "de": ("problem gelöst|problem wurde gelöst|problem ist gelöst|problem schnell gelöst|leicht zu|"
           "leicht verständlich*|leicht bedienbar", "dauert ewig|dauert eine ewigkeit|dauert ewigkeiten|"
           "ewig warten|ewig gewartet|ewig dauern|lädt ewig|braucht ewig|ewig lange|dauert zu lange|"
           "dauert lange|zu lange|zu wenig|doppelt abgebucht", ""),
    "fr": ("vaut le coup|vaut la peine", "prend une éternité|prend des heures|trop long|trop longtemps|"
           "prend trop de temps|facturé deux fois", "merci de|merci d"),
    "es": ("vale la pena|merece la pena", "se cae|se caen|se cayó|se cuelga|se cuelgan|se colgó|se bloquea|"
           "se traba|se congela|subió el precio|precio subió|subida de precio|aumento de precio|"
           "demasiado tiempo|cobraron dos veces", ""),
    "pl": ("", "nie da się|nie można|trwa wieki|trwa wieczność|za długo|zbyt długo", ""),
    "he": ("", "לוקח נצח|לוקחת נצח|לוקחים נצח", ""),
}  # fmt: skip
