import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from '../locales/zh-CN.json';
import en from '../locales/en.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('yq-lang') : null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: saved && (LANGUAGES as readonly string[]).includes(saved) ? saved : 'zh-CN',
  fallbackLng: false,
  interpolation: { escapeValue: false },
});
i18n.on('languageChanged', (lng) => {
  localStorage.setItem('yq-lang', lng);
  document.documentElement.lang = lng;
});
document.documentElement.lang = i18n.language;

export default i18n;
