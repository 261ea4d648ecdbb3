//! `xxgk serve` (the web application) and `xxgk user` (its accounts).

use crate::args::{RoleArg, ServeArgs, UserAction, UserArgs};
use crate::{print_error, EXIT_FAILURE};
use std::io::BufRead;
use std::process::ExitCode;
use xxgk_model::Lang;
use xxgk_store::accounts::{Accounts, Role};

pub fn serve(args: &ServeArgs, lang: Lang) -> ExitCode {
    let mut config = xxgk_web::Config::new(&args.db.db);
    config.upload_limit = args.upload_limit.saturating_mul(1024 * 1024);
    config.secure_cookies = args.secure_cookies;
    match Accounts::open(&args.db.db).and_then(|a| a.users()) {
        Ok(users) if users.is_empty() => {
            let hint = match lang {
                Lang::Zh => "还没有用户，无法登录；请先运行 xxgk user add 名称 --role admin",
                Lang::En => "there are no users yet, so nobody can log in; run xxgk user add NAME --role admin first",
            };
            print_error(lang, &args.db.db, hint);
        }
        Ok(_) => {}
        Err(err) => {
            print_error(lang, &args.db.db, err.message(lang));
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            print_error(lang, &"tokio", &err.to_string());
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let listening = match lang {
        Lang::Zh => format!(
            "xxgk serve：正在 http://{} 提供服务，数据库 {}（按 Ctrl-C 停止）",
            args.addr, args.db.db
        ),
        Lang::En => format!(
            "xxgk serve: serving http://{} over {} (Ctrl-C stops)",
            args.addr, args.db.db
        ),
    };
    eprintln!("{listening}");
    match runtime.block_on(xxgk_web::serve(config, args.addr)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            print_error(lang, &args.addr, err.text(lang));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

pub fn user(args: &UserArgs, lang: Lang) -> ExitCode {
    let db = match &args.action {
        UserAction::Add(a) => &a.db.db,
        UserAction::List(a) => &a.db.db,
        UserAction::Passwd(a) => &a.db.db,
        UserAction::Role(a) => &a.db.db,
        UserAction::Disable(a) | UserAction::Enable(a) => &a.db.db,
    };
    match run_user(args, db, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            print_error(lang, db, &message);
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn run_user(args: &UserArgs, db: &str, lang: Lang) -> Result<(), String> {
    let store_error = |e: xxgk_store::StoreError| e.message(lang).to_string();
    let mut accounts = Accounts::open(db).map_err(store_error)?;
    match &args.action {
        UserAction::Add(add) => {
            let password = password(add.password_stdin, lang)?;
            let hash =
                xxgk_web::auth::hash_password(&password).map_err(|e| e.text(lang).to_string())?;
            accounts
                .add_user(&add.name, role(add.role), &hash, xxgk_web::auth::now())
                .map_err(store_error)?;
            say(
                lang,
                &format!("已添加用户 {}（{}）", add.name, role(add.role).as_str()),
                &format!("added the user {} ({})", add.name, role(add.role).as_str()),
            );
        }
        UserAction::List(_) => {
            for user in accounts.users().map_err(store_error)? {
                let state = match (user.disabled, lang) {
                    (false, _) => "",
                    (true, Lang::Zh) => "\t已停用",
                    (true, Lang::En) => "\tdisabled",
                };
                println!("{}\t{}{state}", user.name, user.role.as_str());
            }
        }
        UserAction::Passwd(change) => {
            let password = password(change.password_stdin, lang)?;
            let hash =
                xxgk_web::auth::hash_password(&password).map_err(|e| e.text(lang).to_string())?;
            accounts
                .set_password(&change.name, &hash)
                .map_err(store_error)?;
            say(
                lang,
                &format!("已设置 {} 的密码", change.name),
                &format!("set the password of {}", change.name),
            );
        }
        UserAction::Role(change) => {
            accounts
                .set_role(&change.name, role(change.role))
                .map_err(store_error)?;
            say(
                lang,
                &format!("{} 的角色改为 {}", change.name, role(change.role).as_str()),
                &format!("{} is now {}", change.name, role(change.role).as_str()),
            );
        }
        UserAction::Disable(who) => {
            accounts
                .set_disabled(&who.name, true)
                .map_err(store_error)?;
            say(
                lang,
                &format!("已停用 {}", who.name),
                &format!("disabled {}", who.name),
            );
        }
        UserAction::Enable(who) => {
            accounts
                .set_disabled(&who.name, false)
                .map_err(store_error)?;
            say(
                lang,
                &format!("已启用 {}", who.name),
                &format!("enabled {}", who.name),
            );
        }
    }
    Ok(())
}

fn say(lang: Lang, zh: &str, en: &str) {
    eprintln!("xxgk: {}", if lang == Lang::Zh { zh } else { en });
}

fn role(arg: RoleArg) -> Role {
    match arg {
        RoleArg::Viewer => Role::Viewer,
        RoleArg::Reviewer => Role::Reviewer,
        RoleArg::Admin => Role::Admin,
    }
}

/// The shortest password accepted.
const MIN_PASSWORD: usize = 8;

/// The password from standard input's first line, or asked for twice on the
/// terminal without echo.
fn password(from_stdin: bool, lang: Lang) -> Result<String, String> {
    let zh = lang == Lang::Zh;
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let ask = if zh { "密码：" } else { "Password: " };
        let again = if zh { "再输入一次：" } else { "Again: " };
        let first = rpassword::prompt_password(ask).map_err(|e| e.to_string())?;
        let second = rpassword::prompt_password(again).map_err(|e| e.to_string())?;
        if first != second {
            return Err(if zh {
                "两次输入的密码不一致"
            } else {
                "the passwords differ"
            }
            .to_string());
        }
        first
    };
    if password.chars().count() < MIN_PASSWORD {
        return Err(if zh {
            format!("密码至少需要 {MIN_PASSWORD} 个字符")
        } else {
            format!("a password needs at least {MIN_PASSWORD} characters")
        });
    }
    Ok(password)
}
