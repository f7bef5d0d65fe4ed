from tillit import menu

menu.register("hme", "HME", "surveys:hme_home", order=70)
menu.register("kompass", "Kommunkompassen", "surveys:kompass:home", order=75)
menu.register("maturity", "Tillitsmognad", "surveys:maturity:home", order=76)
